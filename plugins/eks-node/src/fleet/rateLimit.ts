import { InputError } from '@backstage/errors';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsTarget } from '../aws/AwsClientFactory';
import type { KubernetesReadGate } from '../health/types';

/**
 * How many AWS requests the fleet sends per account and region in each
 * interval, evenly spaced ({@link AccountRegionRateLimiter}).
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

/** The requests of one account and region waiting for their turn. */
interface RequestPacer {
  /** When the next request may start (the theoretical arrival time, in ms of the clock). */
  nextAt: number;
  waiting: Array<() => void>;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Paces each account and region's requests evenly:
 * {@link AccountRegionRateLimiter.acquire} resolves when a request may
 * start, one every `intervalMs / intervalCap`, first come first served.
 * Evenly spaced requests keep AWS's token bucket for the account full
 * (a burst of `intervalCap` at each interval's start, at a rate near the
 * account's, would empty it and be throttled); a timer that fires late is
 * made up for with the following request (up to one spacing), so the rate
 * holds on a busy event loop. The AWS clients of the fleet await it before
 * each attempt (SDK middleware).
 *
 * @public
 */
export class AccountRegionRateLimiter {
  private readonly pacers = new Map<string, RequestPacer>();
  /** The time between two requests' starts, in ms. */
  private readonly spacingMs: number;

  constructor(
    readonly limit: FleetRateLimit = DEFAULT_FLEET_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {
    const problem = validateFleetRateLimit(limit);
    if (problem) throw new InputError(problem);
    this.spacingMs = limit.intervalMs / limit.intervalCap;
  }

  /** Resolves when a request to the account and region may start. */
  acquire = (target: Required<AwsTarget>): Promise<void> => {
    const key = `${target.accountId}/${target.region}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = { nextAt: -Infinity, waiting: [] };
      this.pacers.set(key, pacer);
    }
    const turn = new Promise<void>(resolve => pacer!.waiting.push(resolve));
    if (!pacer.timer) this.startDue(key, pacer);
    return turn;
  };

  /** Requests waiting for their turn, per `accountId/region`. */
  waiting(): Record<string, number> {
    return Object.fromEntries(
      [...this.pacers].map(([key, p]) => [key, p.waiting.length]),
    );
  }

  /**
   * Starts the requests whose turn has come (a request may start up to one
   * spacing before its time: a late timer's lost time is made up), then
   * waits for the next one's; forgets an idle account and region.
   */
  private startDue(key: string, pacer: RequestPacer) {
    pacer.timer = undefined;
    const now = this.now();
    while (pacer.waiting.length > 0 && now >= pacer.nextAt - this.spacingMs) {
      pacer.nextAt = Math.max(pacer.nextAt, now) + this.spacingMs;
      pacer.waiting.shift()!();
    }
    if (pacer.waiting.length > 0) {
      pacer.timer = setTimeout(
        () => this.startDue(key, pacer),
        Math.max(0, pacer.nextAt - this.spacingMs - now),
      );
    } else if (now >= pacer.nextAt) {
      this.pacers.delete(key);
    }
  }
}

/**
 * Kubernetes reads the fleet has in flight per account and region (16).
 * They go to each cluster's own API server, not to AWS, so they do not
 * count against the account's AWS rate limit; this limit bounds the
 * connections the backend holds open and the answers it parses at once.
 *
 * @public
 */
export const DEFAULT_FLEET_KUBERNETES_CONCURRENCY = 16;

/**
 * The fleet's gate for Kubernetes reads, apart from the AWS rate limit: at
 * most `concurrency` reads in flight per account and region
 * ({@link KubernetesReadGate} of the health service).
 *
 * @public
 */
export class KubernetesReadLimiter {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(
    readonly concurrency: number = DEFAULT_FLEET_KUBERNETES_CONCURRENCY,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InputError(
        `kubernetesConcurrency must be a whole number of at least 1, got ${concurrency}`,
      );
    }
  }

  /** Runs `read` once fewer than `concurrency` reads of its account and region are in flight. */
  run: KubernetesReadGate = (target, read) => {
    const key = `${target.accountId}/${target.region}`;
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrency);
      this.limits.set(key, limit);
    }
    return limit(read);
  };

  /** Reads running or waiting, per `accountId/region`. */
  inFlight(): Record<string, number> {
    return Object.fromEntries(
      [...this.limits].map(([key, l]) => [key, l.activeCount + l.pendingCount]),
    );
  }
}
