/** A per-account request rate limit, as AWS's ({@link AccountRateLimiter}). */
export interface AccountRateLimit {
  /** Tokens added per second (the sustained request rate), > 0. */
  requestsPerSecond: number;
  /** Size of the bucket: requests an idle account may make at once (default: requestsPerSecond, at least 1). */
  burst?: number;
}

/**
 * AWS's request throttling per account, as a token bucket: each account's
 * bucket holds up to `burst` tokens, refills at `requestsPerSecond`, and
 * every AWS request of the account takes one; a request that finds the
 * bucket empty is refused with the service's throttling error
 * (EKS: 429 ThrottlingException "Rate exceeded"), as AWS refuses calls past
 * an account's rate. Off until {@link AccountRateLimiter.set} is called.
 */
export class AccountRateLimiter {
  private limit?: Required<AccountRateLimit>;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private throttledCount = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Turns the limit on (or changes it; buckets start full), or off with undefined. */
  set(limit: AccountRateLimit | undefined): void {
    this.buckets.clear();
    if (!limit) {
      this.limit = undefined;
      return;
    }
    const { requestsPerSecond } = limit;
    if (!(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
      throw new RangeError(
        `rateLimit.requestsPerSecond must be a number > 0, got ${requestsPerSecond}`,
      );
    }
    const burst = limit.burst ?? Math.max(1, requestsPerSecond);
    if (!(Number.isFinite(burst) && burst >= 1)) {
      throw new RangeError(
        `rateLimit.burst must be a number >= 1, got ${burst}`,
      );
    }
    this.limit = { requestsPerSecond, burst };
  }

  /** The limit in force, if any. */
  get(): AccountRateLimit | undefined {
    return this.limit ? { ...this.limit } : undefined;
  }

  /** How many requests were refused since the limit was last set. */
  get throttled(): number {
    return this.throttledCount;
  }

  /** Takes a token for one request of `accountId`: false when it must be throttled. */
  take(accountId: string): boolean {
    const limit = this.limit;
    if (!limit) return true;
    const now = this.now();
    let bucket = this.buckets.get(accountId);
    if (!bucket) {
      bucket = { tokens: limit.burst, at: now };
      this.buckets.set(accountId, bucket);
    }
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * limit.requestsPerSecond,
    );
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    this.throttledCount += 1;
    return false;
  }
}
