import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The benchmark starts the eks backend plugin in-process, as its tests do.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import eksPlugin from '@backstage-eks/plugin-eks-backend';
import type { FleetResponse } from '@backstage-eks/plugin-eks-common';
import type { FleetSeedOptions } from '@backstage-eks/sandbox';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { BARE_ROUTE_PATH } from './backend';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { FleetWorkerData, FleetWorkerRequest } from './fleetSandboxWorker';
import { atMost, info, type Figure } from './report';

/** A fleet sandbox running in a worker thread. */
interface FleetWorker {
  url: string;
  seedMs: number;
  ask<T>(request: FleetWorkerRequest): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the fleet sandbox in a worker thread (fleetSandboxWorker.ts). */
export async function startFleetWorker(
  data: FleetWorkerData,
): Promise<FleetWorker> {
  // the worker inherits this process's --require of the TypeScript transform
  const worker = new Worker(
    resolvePackagePath('bench', 'src/fleetSandboxWorker.ts'),
    { workerData: data },
  );
  const [started] = (await once(worker, 'message')) as [
    { url: string; seedMs: number },
  ];
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(request: FleetWorkerRequest): Promise<T> => {
    const next = queue.then(async () => {
      const answer = once(worker, 'message');
      worker.postMessage(request);
      return ((await answer) as [T])[0];
    });
    queue = next.catch(() => undefined);
    return next;
  };
  let stopping: Promise<unknown> | undefined;
  return {
    url: started.url,
    seedMs: started.seedMs,
    ask,
    stop: () => {
      stopping ??= ask({ type: 'stop' }).then(() => worker.terminate());
      return stopping.then(() => undefined);
    },
  };
}

/** The fleet page's data route. */
export const FLEET_ROUTE_PATH = '/api/eks/fleet';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The main thread's heap after full garbage collections (bytes). */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise(resolve => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/**
 * The bench's bare route (as benchmark 3's), answering whatever `holder.text`
 * holds when asked: the fleet route's body, once it is known.
 */
function bareRouteOf(holder: { text: string }) {
  return createBackendPlugin({
    pluginId: 'bench',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use((req, res, next) => {
            if (req.method !== 'GET' || req.path !== '/constant') {
              next();
              return;
            }
            res.type('application/json').send(holder.text);
          });
        },
      });
    },
  });
}

/**
 * A backend (startTestBackend: the eks plugin, SQLite in memory, the mock
 * scheduler that runs the fleet's task at startup) whose fleet targets are
 * every account and region of the fleet sandbox; with `bareRouteBody`, the
 * bench's constant route too.
 */
async function startFleetBackend(opts: {
  url: string;
  targets: { accountId: string; regions: string[] }[];
  bareRoute?: { text: string };
}) {
  const backend = await startTestBackend({
    features: [
      eksPlugin,
      ...(opts.bareRoute ? [bareRouteOf(opts.bareRoute)] : []),
      mockServices.rootConfig.factory({
        data: {
          eks: {
            endpoint: opts.url,
            sandbox: { enabled: true },
            defaultRegion: 'eu-west-1',
            fleet: {
              targets: opts.targets,
              // one refresh, at startup (the mock scheduler runs tasks
              // without an initial delay when the backend starts)
              schedule: { frequency: { hours: 24 }, timeout: { hours: 1 } },
              rateLimit: { intervalCap: 400, intervalMs: 1000 },
              // few enough at once that no read waits past the health
              // service's timeouts on a busy machine
              clusterConcurrency: 2,
            },
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, stop: () => backend.stop() };
}

async function p99(url: string, connections: number, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0 || result.requests.total === 0) {
    throw new Error(
      `${url} answered ${failures} of ${result.requests.total} requests with an error`,
    );
  }
  return { p99Ms: result.latency.p99, rps: result.requests.average };
}

/** Options of {@link runFleetPageBenchmark}. */
export interface FleetPageBenchmarkOptions {
  fleet: FleetSeedOptions;
  connections: number;
  durationSeconds: number;
  /** Whether to measure the backend's heap with this fleet against an idle backend. */
  memory: boolean;
  progress: (line: string) => void;
}

/**
 * The fleet page's route at a fleet size: p99 of GET /api/eks/fleet
 * against a bare route answering the same JSON in the same backend, and
 * (with `memory`) the backend's heap holding the fleet against an idle
 * backend's (the sandbox runs in a worker thread: its heap is not counted).
 */
export async function runFleetPageBenchmark(
  opts: FleetPageBenchmarkOptions,
): Promise<Figure[]> {
  const worker = await startFleetWorker({ fleet: opts.fleet, latencyMs: 0 });
  const n = opts.fleet.clusters;
  try {
    const facts = await worker.ask<{ accountId: string; region: string }[]>({
      type: 'facts',
    });
    const accounts = [...new Set(facts.map(f => f.accountId))];
    const regions = [...new Set(facts.map(f => f.region))];
    const figures: Figure[] = [];
    let idleHeap = 0;
    if (opts.memory) {
      const idle = await startFleetBackend({ url: worker.url, targets: [] });
      await fetch(`${idle.url}${FLEET_ROUTE_PATH}`);
      idleHeap = await settledHeap();
      await idle.stop();
    }
    opts.progress(`${n} clusters: backend start with its first refresh`);
    const bareRoute = { text: '' };
    const t0 = performance.now();
    const backend = await startFleetBackend({
      url: worker.url,
      targets: accounts.map(accountId => ({ accountId, regions })),
      bareRoute,
    });
    let fleetHeap = 0;
    try {
      const refreshSeconds = (performance.now() - t0) / 1000;
      const answer = await fetch(`${backend.url}${FLEET_ROUTE_PATH}`);
      if (answer.status === 404) {
        // the backend has no fleet route (yet): nothing to measure
        figures.push(
          info(
            `${n} clusters: GET ${FLEET_ROUTE_PATH}`,
            '404: the eks backend has no fleet route',
          ),
        );
        return figures;
      }
      const body = await answer.text();
      const response = JSON.parse(body) as FleetResponse;
      if (response.rows.length !== n) {
        throw new Error(
          `the fleet route has ${response.rows.length} rows after the first refresh, not ${n}`,
        );
      }
      if (opts.memory) fleetHeap = await settledHeap();
      bareRoute.text = body;
      opts.progress(`${n} clusters: loading the bare route`);
      const bare = await p99(
        `${backend.url}${BARE_ROUTE_PATH}`,
        opts.connections,
        opts.durationSeconds,
      );
      opts.progress(`${n} clusters: loading the fleet route`);
      const fleet = await p99(
        `${backend.url}${FLEET_ROUTE_PATH}`,
        opts.connections,
        opts.durationSeconds,
      );
      figures.push(
        info(
          `${n} clusters: first refresh at backend start (s), rows with an error`,
          `${refreshSeconds.toFixed(1)}, ${
            response.rows.filter(r => r.error).length
          }${
            response.rows.find(r => r.error)
              ? ` (e.g. ${response.rows
                  .find(r => r.error)!
                  .error!.slice(0, 120)})`
              : ''
          }`,
        ),
        info(
          `${n} clusters: fleet route body (bytes)`,
          Buffer.byteLength(body),
        ),
        info(
          `${n} clusters: p99 bare / fleet route (ms); requests/s bare / fleet`,
          `${bare.p99Ms} / ${fleet.p99Ms}; ${bare.rps.toFixed(
            0,
          )} / ${fleet.rps.toFixed(0)}`,
        ),
        atMost(
          `${n} clusters: p99 fleet route / p99 bare route`,
          fleet.p99Ms / Math.max(1, bare.p99Ms),
          3,
        ),
      );
    } finally {
      await backend.stop();
    }
    if (opts.memory) {
      figures.push(
        atMost(
          `${n} clusters: backend heap above an idle backend's (MB)`,
          (fleetHeap - idleHeap) / 2 ** 20,
          200,
          v => v.toFixed(0),
        ),
      );
    }
    return figures;
  } finally {
    await worker.stop();
  }
}
