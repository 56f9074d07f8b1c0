import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startBenchBackend, entityHealthPath } from './backend';
import { createClusterWithAddons, sandboxAwsClients } from './clusters';
import {
  cpuByPhase,
  wholeNumberFromEnv,
  type CpuProfile,
  type Phase,
} from './cpuProfile';
import { median } from './healthView';
import { startWorkerSandbox } from './workerSandbox';

/*
 * The CPU profile of the entity health view's cold loads (benchmark 1's
 * figure with the sandbox in a worker thread): where the backend's time over
 * 2 × L goes, phase by phase. `yarn workspace bench profile:health`; N (add-ons,
 * default 60), L (ms, 200), LOADS (20) and OUT (a .cpuprofile to keep, for
 * Chrome DevTools) from the environment.
 */

function phasesOf(L: number): Phase[] {
  return [
    { name: 'the first round goes out', fromMs: 0, toMs: 20 },
    { name: 'waiting for the first round', fromMs: 20, toMs: L },
    {
      name: 'the first round comes back, the second goes out',
      fromMs: L,
      toMs: L + 40,
    },
    { name: 'waiting for the second round', fromMs: L + 40, toMs: 2 * L },
    {
      name: 'the second round comes back, the document',
      fromMs: 2 * L,
      toMs: 3 * L,
    },
  ];
}

async function profiledLoads(url: string, loads: number) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const startsUs: number[] = [];
  const wallMs: number[] = [];
  for (let i = 0; i < loads; i++) {
    startsUs.push(Number(process.hrtime.bigint() / 1000n));
    const started = performance.now();
    await (await fetch(`${url}?refresh=true`)).text();
    wallMs.push(performance.now() - started);
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return { profile: profile as unknown as CpuProfile, startsUs, wallMs };
}

async function main() {
  const N = wholeNumberFromEnv(process.env, 'N', 60);
  const L = wholeNumberFromEnv(process.env, 'L', 200);
  const loads = wholeNumberFromEnv(process.env, 'LOADS', 20);
  const worker = await startWorkerSandbox(0.0005);
  const name = `profile-addons-${N}`;
  await createClusterWithAddons(await sandboxAwsClients(worker), {
    clusterName: name,
    addonCount: N,
    wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1 },
  });
  const backend = await startBenchBackend(worker, [name], {
    cacheTtlSeconds: 600,
  });
  const url = `${backend.url}${entityHealthPath(name)}`;
  for (let i = 0; i < 5; i++) await (await fetch(`${url}?refresh=true`)).text();
  await worker.setLatency(L, 0.0005);
  const workerSince = worker.eventLoopUtilization();
  const { profile, startsUs, wallMs } = await profiledLoads(url, loads);
  const workerBusy = worker.eventLoopUtilization(workerSince).active / loads;
  await backend.stop();
  await worker.stop();
  if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify(profile));

  const medianMs = median(wallMs);
  const lines = [
    `N=${N}, L=${L} ms, ${loads} cold loads (profiled): median ${medianMs.toFixed(
      0,
    )} ms = ${(medianMs / L).toFixed(
      2,
    )} L; the sandbox worker busy ${workerBusy.toFixed(1)} ms per load`,
  ];
  for (const { phase, cpuMsPerLoad, byPackage } of cpuByPhase(
    profile,
    startsUs,
    phasesOf(L),
  )) {
    lines.push(
      `- ${phase.name} (${phase.fromMs}–${
        phase.toMs
      } ms): ${cpuMsPerLoad.toFixed(1)} ms CPU per load: ${byPackage
        .slice(0, 6)
        .map(([origin, ms]) => `${origin} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
