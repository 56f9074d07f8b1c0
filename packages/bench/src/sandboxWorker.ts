import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@backstage-eks/sandbox';

/*
 * The sandbox in a worker thread of the bench process: it answers on its
 * own event loop (and core), as AWS does outside the backend, while the
 * backend runs on the main thread. The main thread sets the injected
 * latency and stops it by message.
 */
export type SandboxWorkerRequest =
  | { type: 'latency'; latencyMs: number; latencyFactor: number }
  | { type: 'stop' };

async function main() {
  const port = parentPort!;
  const sandbox = await startSandbox({
    port: 0,
    latencyFactor: (workerData as { latencyFactor: number }).latencyFactor,
  });
  port.on('message', async (request: SandboxWorkerRequest) => {
    if (request.type === 'latency') {
      sandbox.faults.clear();
      if (request.latencyMs > 0) {
        sandbox.faults.set({ latencyMs: request.latencyMs });
      }
      sandbox.latencyFactor = request.latencyFactor;
      port.postMessage({ type: 'ok' });
    } else {
      await sandbox.stop();
      port.postMessage({ type: 'stopped' });
      port.close();
    }
  });
  port.postMessage({
    type: 'started',
    url: sandbox.url,
    accountId: sandbox.accountId,
    region: sandbox.region,
  });
}

void main();
