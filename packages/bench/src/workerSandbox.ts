import { once } from 'node:events';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { SandboxEndpoint } from './clusters';
import type { SandboxWorkerRequest } from './sandboxWorker';

/** A sandbox running in a worker thread of this process. */
export interface WorkerSandbox extends SandboxEndpoint {
  /** The worker's event loop: how much of the time since `since` it was busy. */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization;
  /** Injected latency on every call, and the state machines' factor. */
  setLatency(latencyMs: number, latencyFactor: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the sandbox in a worker thread (sandboxWorker.ts). */
export async function startWorkerSandbox(
  latencyFactor: number,
): Promise<WorkerSandbox> {
  // the worker inherits this process's --require of the TypeScript transform
  const worker = new Worker(
    resolvePackagePath('bench', 'src/sandboxWorker.ts'),
    {
      workerData: { latencyFactor },
    },
  );
  const [started] = (await once(worker, 'message')) as [
    { url: string; accountId: string; region: string },
  ];
  const ask = async (request: SandboxWorkerRequest) => {
    const answer = once(worker, 'message');
    worker.postMessage(request);
    await answer;
  };
  return {
    url: started.url,
    accountId: started.accountId,
    region: started.region,
    eventLoopUtilization: since =>
      worker.performance.eventLoopUtilization(since),
    setLatency: (latencyMs, factor) =>
      ask({ type: 'latency', latencyMs, latencyFactor: factor }),
    stop: async () => {
      await ask({ type: 'stop' });
      await worker.terminate();
    },
  };
}
