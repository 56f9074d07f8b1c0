import { setTimeout as sleep } from 'node:timers/promises';
import { ProvisioningRun } from './ProvisioningRun';

const NOT_FOUND_NAMES = new Set([
  'ResourceNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateId.NotFound',
]);

/** Whether an AWS SDK or Kubernetes client error means "does not exist". @public */
export function isNotFoundError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    Code?: string;
    code?: number | string;
    $metadata?: { httpStatusCode?: number };
  };
  if (e.name && NOT_FOUND_NAMES.has(e.name)) return true;
  if (e.Code && NOT_FOUND_NAMES.has(e.Code)) return true;
  return e.code === 404 || e.code === '404';
}

/** Runs `fn`; returns undefined when it fails with "does not exist". */
export async function ifExists<T>(
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/**
 * Polls `check` until it returns true, backing off between the run's minimum
 * and maximum delays, and fails after the run's timeout naming what it
 * waited for. Used where the SDK has no waiter.
 */
export async function pollUntil(
  run: ProvisioningRun,
  what: string,
  check: () => Promise<boolean>,
): Promise<void> {
  await run.waitFor(what, async () => {
    const deadline = Date.now() + run.wait.timeoutSeconds * 1000;
    let delay = run.wait.minDelaySeconds * 1000;
    for (;;) {
      if (await check()) return;
      if (Date.now() + delay > deadline) {
        throw new Error(
          `Timed out after ${run.wait.timeoutSeconds}s waiting for ${what}`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, run.wait.maxDelaySeconds * 1000);
    }
  });
}

/** A waiter reached a failure state (e.g. CREATE_FAILED, DEGRADED). @public */
export class WaiterFailedError extends Error {
  constructor(what: string, detail: string) {
    let state = 'FAILURE';
    try {
      const parsed = JSON.parse(detail) as { state?: string };
      state = parsed.state ?? state;
    } catch {
      // keep the generic state
    }
    super(`${what} did not succeed: the waiter ended in state ${state}`);
    this.name = 'WaiterFailedError';
  }
}

/**
 * How long EKS typically takes to create a resource, in seconds: polls are
 * spaced to fit (see {@link ProvisioningRun.waiterOptions}).
 *
 * @public
 */
export const TYPICAL_CREATE_SECONDS = {
  cluster: 10 * 60,
  nodeGroup: 4 * 60,
  addon: 60,
} as const;

/**
 * Runs an SDK waiter (`waitUntilClusterActive` and friends) with the run's
 * timeout and delays, logging the wait. `typicalSeconds`, when known, keeps
 * the polls close together enough for the wait to end soon after the
 * resource is ready.
 */
export async function runWaiter<C, I>(
  run: ProvisioningRun,
  what: string,
  waiter: (
    params: {
      client: C;
      maxWaitTime: number;
      minDelay: number;
      maxDelay: number;
    },
    input: I,
  ) => Promise<unknown>,
  client: C,
  input: I,
  typicalSeconds?: number,
): Promise<void> {
  await run.waitFor(what, async () => {
    try {
      await waiter(run.waiterOptions(client, typicalSeconds), input);
    } catch (error) {
      const e = error as { name?: string; message?: string; state?: string };
      if (e.name === 'TimeoutError' || e.state === 'TIMEOUT') {
        throw new Error(
          `Timed out after ${run.wait.timeoutSeconds}s waiting for ${what}`,
        );
      }
      if (e.message?.startsWith('{')) {
        throw new WaiterFailedError(what, e.message);
      }
      throw error;
    }
  });
}
