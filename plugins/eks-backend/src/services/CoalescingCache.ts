import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/** Options of {@link CoalescingCache.get}. */
export interface CoalescingCacheGetOptions<T> {
  /** Skip the cached value (the fresh one is still stored). */
  refresh?: boolean;
  /** A shorter lifetime for some values (e.g. documents with failed sections). */
  ttlMs?: (value: T) => number | undefined;
}

/**
 * A read-through cache over the CacheService that also coalesces concurrent
 * loads of the same key: while a load is in flight, identical requests wait
 * for it instead of starting their own.
 */
export class CoalescingCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  async get<T>(
    key: string,
    load: () => Promise<T>,
    options: CoalescingCacheGetOptions<T> = {},
  ): Promise<T> {
    if (!options.refresh) {
      const cached = await this.cache.get(key).catch(() => undefined);
      if (cached !== undefined) {
        return cached as T;
      }
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      return pending as Promise<T>;
    }
    const loading = (async () => {
      const value = await load();
      const ttl = Math.min(options.ttlMs?.(value) ?? this.ttlMs, this.ttlMs);
      if (ttl > 0) {
        await this.cache
          .set(key, value as unknown as JsonValue, { ttl })
          .catch(() => undefined);
      }
      return value;
    })();
    this.inFlight.set(key, loading);
    try {
      return await loading;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
