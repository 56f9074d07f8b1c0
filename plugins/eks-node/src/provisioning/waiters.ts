import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_WAIT_SETTINGS,
  ProvisioningRun,
  type WaitSettings,
} from './ProvisioningRun';

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
 * A wait on a change just requested polls a little after the end of its
 * typical duration (by this share of it), and this many times before, one
 * poll delay apart (for a change that ends sooner): polling earlier finds
 * nothing ready.
 */
export const TYPICAL_END_POLLS = { after: 0.01, before: 2 } as const;

/** When a wait polls, in seconds (see {@link pollSchedule}). */
export interface PollSchedule {
  /** Before the first poll (0: at once). */
  firstDelaySeconds: number;
  /** Between later polls: from the shortest, doubling up to the longest. */
  minDelaySeconds: number;
  maxDelaySeconds: number;
  /** The whole wait's time limit, the first delay included. */
  timeoutSeconds: number;
}

/**
 * When to poll a wait. Given the typical duration of what is awaited and how
 * long ago the change was requested (a create just made, or one found under
 * way with its creation time), polls are
 * {@link POLL_DELAY_SHARE_OF_TYPICAL_DURATION} of the typical duration apart
 * (within the wait settings' range) and the first one is put off so that one
 * falls just after the typical end ({@link TYPICAL_END_POLLS}): about three
 * polls for a change that takes its typical time, a wait that ends at most
 * one delay after the change is done. Without the request's time (a change
 * of unknown age), or for a run whose speed is unknown (other delays than the
 * defaults and no `typicalDurationFactor`: a faster sandbox, tests), the
 * first poll is at once and later ones back off from the shortest delay up
 * to that share of the typical duration
 * ({@link ProvisioningRun.waiterOptions}).
 * The first delay never eats into the time limit's last poll.
 */
export function pollSchedule(
  run: Pick<ProvisioningRun, 'wait' | 'waiterOptions'>,
  typicalSeconds?: number,
  requestedSecondsAgo?: number,
): PollSchedule {
  const { minDelay, maxDelay } = run.waiterOptions(undefined, typicalSeconds);
  const timeoutSeconds = run.wait.timeoutSeconds;
  const factor = typicalDurationFactor(run.wait);
  if (
    typicalSeconds === undefined ||
    requestedSecondsAgo === undefined ||
    factor === undefined
  ) {
    return {
      firstDelaySeconds: 0,
      minDelaySeconds: minDelay,
      maxDelaySeconds: maxDelay,
      timeoutSeconds,
    };
  }
  const typical = typicalSeconds * factor;
  const firstDelaySeconds = Math.max(
    0,
    Math.min(
      typical * (1 + TYPICAL_END_POLLS.after) -
        TYPICAL_END_POLLS.before * maxDelay -
        requestedSecondsAgo,
      timeoutSeconds - 2 * maxDelay,
    ),
  );
  return {
    firstDelaySeconds,
    minDelaySeconds: maxDelay,
    maxDelaySeconds: maxDelay,
    timeoutSeconds,
  };
}

/**
 * How the typical durations scale for a run's waits, when they are known to
 * hold: as its settings say, else 1 (real AWS) for a run polling at the
 * default delays. A run with other delays and no factor (a sandbox running
 * faster, tests) is of unknown speed: its first poll is not put off.
 */
function typicalDurationFactor(wait: WaitSettings): number | undefined {
  if (wait.typicalDurationFactor !== undefined) {
    return wait.typicalDurationFactor;
  }
  return wait.minDelaySeconds === DEFAULT_WAIT_SETTINGS.minDelaySeconds &&
    wait.maxDelaySeconds === DEFAULT_WAIT_SETTINGS.maxDelaySeconds
    ? 1
    : undefined;
}

/** How long ago `at` (a time in ms, or a Date) was, in seconds; undefined stays. */
export function secondsSince(
  at: number | Date | undefined,
): number | undefined {
  if (at === undefined) return undefined;
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.max(0, (Date.now() - ms) / 1000);
}

/**
 * Runs an SDK waiter (`waitUntilClusterActive` and friends) with the run's
 * timeout and delays, logging the wait. `typicalSeconds`, when known, spaces
 * the polls to fit what is awaited; `requestedAt` (when EKS answered the
 * request for the change, or the resource's creation time; in ms or as a
 * Date), when known, puts off the first poll to near the end of the typical
 * duration (see {@link pollSchedule}).
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
  requestedAt?: number | Date,
): Promise<void> {
  const schedule = pollSchedule(run, typicalSeconds, secondsSince(requestedAt));
  await run.waitFor(what, async () => {
    try {
      if (schedule.firstDelaySeconds > 0) {
        await sleep(schedule.firstDelaySeconds * 1000);
      }
      // the SDK waiter checks at once, then after each delay
      await waiter(
        {
          client,
          maxWaitTime: schedule.timeoutSeconds - schedule.firstDelaySeconds,
          minDelay: schedule.minDelaySeconds,
          maxDelay: schedule.maxDelaySeconds,
        },
        input,
      );
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
