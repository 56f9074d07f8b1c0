import { parentPort, workerData } from 'node:worker_threads';
import {
  fleetClusterFacts,
  startSandbox,
  type AccountRateLimit,
  type FleetClusterFacts,
  type FleetSeedOptions,
} from '@backstage-eks/sandbox';

/*
 * The fleet benchmark's sandbox, in a worker thread of the bench process:
 * its CPU and heap are its own (the backend's memory is measured on the
 * main thread), and it counts the calls it answers, per account.
 */

/** What the main thread starts the worker with. */
export interface FleetWorkerData {
  fleet: FleetSeedOptions;
  rateLimit?: AccountRateLimit;
  latencyMs: number;
}

/** One answered call, as the worker counts them. */
interface Answered {
  /** `eks:ListClusters`, `kubernetes:GET /api/v1/nodes`, ... */
  key: string;
  /** The account of an AWS call; undefined for Kubernetes. */
  accountId?: string;
  /** Refused by the per-account rate limit. */
  rateLimited: boolean;
  status: number;
}

/** The calls answered since a mark, counted. */
export interface FleetCallCounts {
  /** `service:operation` (Kubernetes: `kubernetes:lists`) -> count, rate-limited calls left out. */
  byOperation: Record<string, number>;
  /** AWS calls (rate-limited left out) per account. */
  awsByAccount: Record<string, number>;
  /** Calls the rate limit refused. */
  rateLimited: number;
  /** Answers with a status >= 400 other than the rate limit's. */
  failed: number;
  total: number;
}

export type FleetWorkerRequest =
  | { type: 'mark' }
  | { type: 'calls'; since: number }
  | { type: 'facts' }
  | { type: 'rateLimit'; limit?: AccountRateLimit }
  | { type: 'memory' }
  | { type: 'stop' };

function parse(line: string): Answered | undefined {
  // `<time> <status> <service> <operation> <account>/<region> ...` (AWS),
  // `<time> <status> kubernetes <cluster> <method> <path> ...`
  const parts = line.split(' ');
  if (parts.length < 5 || !/^\d{3}$/.test(parts[1])) return undefined;
  const status = Number(parts[1]);
  if (parts[2] === 'kubernetes') {
    return { key: 'kubernetes:lists', rateLimited: false, status };
  }
  return {
    key: `${parts[2]}:${parts[3]}`,
    accountId: parts[4].split('/')[0],
    rateLimited: line.includes(' rate limited '),
    status,
  };
}

async function main() {
  const port = parentPort!;
  const data = workerData as FleetWorkerData;
  const answered: Answered[] = [];
  const started = performance.now();
  const sandbox = await startSandbox({
    port: 0,
    latencyFactor: 0.001,
    // the fleet only: no default VPC or demo cluster
    seed: false,
    fleet: data.fleet,
    rateLimit: data.rateLimit,
    log: line => {
      const call = parse(line);
      if (call) answered.push(call);
    },
  });
  const seedMs = performance.now() - started;
  if (data.latencyMs > 0) sandbox.faults.set({ latencyMs: data.latencyMs });
  port.on('message', async (request: FleetWorkerRequest) => {
    switch (request.type) {
      case 'mark':
        port.postMessage(answered.length);
        break;
      case 'calls': {
        const counts: FleetCallCounts = {
          byOperation: {},
          awsByAccount: {},
          rateLimited: 0,
          failed: 0,
          total: 0,
        };
        for (const c of answered.slice(request.since)) {
          if (c.rateLimited) {
            counts.rateLimited += 1;
            continue;
          }
          if (c.status >= 400) counts.failed += 1;
          counts.total += 1;
          counts.byOperation[c.key] = (counts.byOperation[c.key] ?? 0) + 1;
          if (c.accountId) {
            counts.awsByAccount[c.accountId] =
              (counts.awsByAccount[c.accountId] ?? 0) + 1;
          }
        }
        port.postMessage(counts);
        break;
      }
      case 'facts':
        port.postMessage(fleetClusterFacts(sandbox.state));
        break;
      case 'rateLimit':
        sandbox.rateLimit.set(request.limit);
        port.postMessage('ok');
        break;
      case 'memory':
        port.postMessage(process.memoryUsage().heapUsed);
        break;
      default:
        await sandbox.stop();
        port.postMessage('stopped');
        port.close();
    }
  });
  port.postMessage({
    url: sandbox.url,
    accountId: sandbox.accountId,
    region: sandbox.region,
    seedMs,
  });
}

export type { FleetClusterFacts };

void main();
