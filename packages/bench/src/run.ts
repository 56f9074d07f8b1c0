import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import prettier from 'prettier';
import { startSandbox } from '@backstage-eks/sandbox';
import { runFleetBenchmark } from './fleet';
import { runHealthViewBenchmark } from './healthView';
import { runProvisioningBenchmark } from './provisioning';
import { runThroughputBenchmark } from './throughput';
import { runUpgradeBenchmark, SANDBOX_UPGRADE_DURATIONS } from './upgrade';
import {
  figuresTable,
  machineLine,
  mergeResultsDocuments,
  resultsDocument,
  type BenchmarkResult,
} from './report';
import { SandboxCallLog } from './sandboxCalls';
import { selectBenchmarks } from './benchmarkSelection';

/** bench/RESULTS.md at the repository's root. */
const RESULTS_PATH = resolvePackagePath(
  'bench',
  '..',
  '..',
  'bench',
  'RESULTS.md',
);
const only = selectBenchmarks(process.env.BENCH_ONLY);

async function main() {
  const started = performance.now();
  const progress = (line: string) => process.stdout.write(`  ${line}\n`);
  const log = new SandboxCallLog();
  const sandbox = await startSandbox({ port: 0, log: log.listener });
  const results: BenchmarkResult[] = [];
  try {
    if (!only || only.includes('health')) {
      console.log('1. Entity health view');
      results.push(
        await runHealthViewBenchmark(sandbox, {
          addonCounts: [5, 20, 60],
          latencyMs: 200,
          concurrentViews: 100,
          log,
          progress,
        }),
      );
    }
    if (!only || only.includes('provisioning')) {
      console.log('2. Full-stack provisioning');
      results.push(
        await runProvisioningBenchmark(sandbox, {
          latencyFactor: 0.04,
          log,
          progress,
        }),
      );
    }
    if (!only || only.includes('throughput')) {
      console.log('3. Cached health route throughput');
      results.push(
        await runThroughputBenchmark(sandbox, {
          connections: 10,
          durationSeconds: 8,
          log,
          progress,
        }),
      );
    }
    if (!only || only.includes('upgrade')) {
      console.log('4. Cluster upgrade');
      results.push(
        await runUpgradeBenchmark(sandbox, {
          latencyFactor: 0.04,
          durations: SANDBOX_UPGRADE_DURATIONS,
          log,
          progress,
        }),
      );
    }
    if (!only || only.includes('fleet')) {
      console.log('5. Fleet');
      results.push(
        await runFleetBenchmark({
          fleet: { clusters: 500, accounts: 5, regions: 4 },
          rateLimit: { requestsPerSecond: 40, burst: 40 },
          latencyMs: 50,
          pageSizes: [500, 2000],
          connections: 10,
          durationSeconds: 8,
          progress,
        }),
      );
    }
  } finally {
    await sandbox.stop();
  }
  const document = resultsDocument({
    intro:
      'Figures from `yarn bench`: every benchmark runs in one process against the in-process sandbox (packages/sandbox), with injected latencies, and time is reported as ratios.',
    machine: machineLine(),
    command: only ? `BENCH_ONLY=${only.join(',')} yarn bench` : 'yarn bench',
    date: new Date(),
    durationSeconds: (performance.now() - started) / 1000,
    results,
  });
  for (const r of results)
    console.log(`\n${r.title}\n${figuresTable(r.figures)}`);
  // BENCH_ONLY: the sections of the benchmarks run replace theirs, the
  // others are kept as the last run left them
  const previous =
    only && existsSync(RESULTS_PATH)
      ? readFileSync(RESULTS_PATH, 'utf8')
      : undefined;
  const text = previous ? mergeResultsDocuments(previous, document) : document;
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  // formatted as the repository's prettier check wants it
  const options = await prettier.resolveConfig(RESULTS_PATH);
  writeFileSync(
    RESULTS_PATH,
    prettier.format(text, { ...options, filepath: RESULTS_PATH }),
  );
  console.log(`\nWrote ${RESULTS_PATH}`);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
