import { InputError } from '@backstage/errors';
import PQueue from 'p-queue';
import type { AwsTarget } from '../aws/AwsClientFactory';

/**
 * How many requests (AWS and Kubernetes together) the fleet sends per
 * account and region in each interval.
 *
 * @public
 */
export interface FleetRateLimit {
  /** Requests allowed to start per interval. */
  intervalCap: number;
  /** The interval, in ms. */
  intervalMs: number;
}

/**
 * 10 requests a second per account and region: below the rates at which
 * EKS and IAM start throttling a caller's reads, so that the fleet's
 * refresh leaves room for the portal's other calls; throttling that still
 * happens is retried by the clients' adaptive retry mode.
 *
 * @public
 */
export const DEFAULT_FLEET_RATE_LIMIT: FleetRateLimit = {
  intervalCap: 10,
  intervalMs: 1000,
};

/** The problem with a rate limit, naming the field, or undefined. @public */
export function validateFleetRateLimit(
  limit: FleetRateLimit,
): string | undefined {
  if (!Number.isInteger(limit.intervalCap) || limit.intervalCap < 1) {
    return `rateLimit.intervalCap must be a whole number of at least 1, got ${limit.intervalCap}`;
  }
  if (!Number.isFinite(limit.intervalMs) || limit.intervalMs < 1) {
    return `rateLimit.intervalMs must be a number of milliseconds of at least 1, got ${limit.intervalMs}`;
  }
  return undefined;
}

/**
 * One p-queue per account and region: {@link AccountRegionRateLimiter.acquire}
 * resolves when a request may start, at most `intervalCap` per `intervalMs`
 * for the account and region. The AWS clients (SDK middleware, each attempt)
 * and the Kubernetes clients (each request) of the fleet await it.
 *
 * @public
 */
export class AccountRegionRateLimiter {
  private readonly queues = new Map<string, PQueue>();

  constructor(readonly limit: FleetRateLimit = DEFAULT_FLEET_RATE_LIMIT) {
    const problem = validateFleetRateLimit(limit);
    if (problem) throw new InputError(problem);
  }

  /** Resolves when a request to the account and region may start. */
  acquire = async (target: Required<AwsTarget>): Promise<void> => {
    const key = `${target.accountId}/${target.region}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PQueue({
        intervalCap: this.limit.intervalCap,
        interval: this.limit.intervalMs,
      });
      this.queues.set(key, queue);
    }
    // an empty task: p-queue starts at most intervalCap of them per interval
    await queue.add(() => undefined);
  };

  /** Requests waiting for their turn, per `accountId/region`. */
  waiting(): Record<string, number> {
    return Object.fromEntries(
      [...this.queues].map(([key, q]) => [key, q.size + q.pending]),
    );
  }
}
