import autocannon from 'autocannon';
import type { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { DEMO_CLUSTER, type Sandbox } from '@backstage-eks/sandbox';
import {
  BARE_ROUTE_PATH,
  entityHealthPath,
  startBenchBackend,
} from './backend';
import { atMost, exactly, info, type BenchmarkResult } from './report';
import type { SandboxCallLog } from './sandboxCalls';

/** Options of {@link runThroughputBenchmark}. */
export interface ThroughputBenchmarkOptions {
  connections: number;
  durationSeconds: number;
  log: SandboxCallLog;
  progress: (line: string) => void;
}

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

async function load(
  url: string,
  opts: ThroughputBenchmarkOptions,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.durationSeconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function sectionsFailed(document: ClusterHealth): string[] {
  return Object.entries(document)
    .filter(([, v]) => v && typeof v === 'object' && 'error' in v)
    .map(([k]) => k);
}

/**
 * Benchmark 3: requests/s and p99 of the cached entity health route and of
 * a bare route answering the same JSON, in the same backend, under the same
 * load.
 */
export async function runThroughputBenchmark(
  sandbox: Sandbox,
  opts: ThroughputBenchmarkOptions,
): Promise<BenchmarkResult> {
  const healthPath = entityHealthPath(DEMO_CLUSTER);
  // The document the bare route answers: the demo cluster's, read once.
  const probe = await startBenchBackend(sandbox, [DEMO_CLUSTER], {
    cacheTtlSeconds: 600,
  });
  const document = (await (
    await fetch(`${probe.url}${healthPath}`)
  ).json()) as ClusterHealth;
  await probe.stop();
  const failed = sectionsFailed(document);
  if (failed.length) {
    // such documents are cached for 5 s only: the load would refresh them
    throw new Error(`the demo document has failed sections: ${failed}`);
  }
  const backend = await startBenchBackend(sandbox, [DEMO_CLUSTER], {
    cacheTtlSeconds: 600,
    bareRouteBody: document,
  });
  try {
    const healthUrl = `${backend.url}${healthPath}`;
    const bareUrl = `${backend.url}${BARE_ROUTE_PATH}`;
    const [health, bare] = await Promise.all([
      fetch(healthUrl).then(r => r.text()),
      fetch(bareUrl).then(r => r.text()),
    ]);
    opts.progress(
      `bodies: health ${health.length} bytes, bare ${bare.length} bytes`,
    );
    opts.progress('loading the bare route');
    const bareLoad = await load(bareUrl, opts);
    opts.progress('loading the cached health route');
    const mark = opts.log.mark();
    const healthLoad = await load(healthUrl, opts);
    const callsUnderLoad = opts.log.since(mark).length;
    for (const [name, l] of [
      ['bare', bareLoad],
      ['health', healthLoad],
    ] as const) {
      if (l.failures > 0 || l.requests === 0) {
        throw new Error(
          `the ${name} route answered ${l.failures} of ${l.requests} requests with an error`,
        );
      }
    }
    const round = (n: number) => n.toFixed(0);
    return {
      title: 'Cached health route throughput',
      notes: [
        `autocannon, ${opts.connections} connections for ${opts.durationSeconds} s per route, in the same process as the backend and the sandbox, against one backend (startTestBackend: real HTTP listener, mock auth that treats unauthenticated requests as a user, permissions allow): first the bare route \`${BARE_ROUTE_PATH}\` (a bench-only plugin answering the demo cluster's health document, ${bare.length} bytes, as a constant string), then the entity health route \`${healthPath}\` (${health.length} bytes) with the document cached (TTL 600 s), so every request goes through authentication, the permission check, the catalog lookup and the cache.`,
      ],
      figures: [
        info('Bare route: requests/s', round(bareLoad.requestsPerSecond)),
        info('Bare route: p99 (ms)', bareLoad.p99Ms),
        info('Health route: requests/s', round(healthLoad.requestsPerSecond)),
        info('Health route: p99 (ms)', healthLoad.p99Ms),
        atMost(
          'p99 health / p99 bare',
          healthLoad.p99Ms / Math.max(1, bareLoad.p99Ms),
          3,
        ),
        exactly(
          'AWS/Kubernetes calls while loading the cached route',
          callsUnderLoad,
          0,
        ),
      ],
    };
  } finally {
    await backend.stop();
  }
}
