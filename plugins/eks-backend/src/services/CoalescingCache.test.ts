import { mockServices } from '@backstage/backend-test-utils';
import { CoalescingCache } from './CoalescingCache';

function memoryCache() {
  const store = new Map<string, unknown>();
  const ttls = new Map<string, number | undefined>();
  const cache = mockServices.cache.mock({
    get: async (key: string) => store.get(key) as any,
    set: async (
      key: string,
      value: unknown,
      opts?: { ttl?: number | object },
    ) => {
      store.set(key, value);
      ttls.set(key, opts?.ttl as number | undefined);
    },
  });
  return { cache, store, ttls };
}

describe('CoalescingCache', () => {
  it('loads once for concurrent callers and serves the cached value after', async () => {
    const { cache } = memoryCache();
    const coalescing = new CoalescingCache(cache, 30_000);
    const load = jest.fn(async () => ({ value: 1 }));
    const results = await Promise.all([
      coalescing.get('k', load),
      coalescing.get('k', load),
      coalescing.get('k', load),
    ]);
    expect(results).toEqual([{ value: 1 }, { value: 1 }, { value: 1 }]);
    await coalescing.get('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    await coalescing.get('k', load, { refresh: true });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep failures: the next call loads again', async () => {
    const { cache, store } = memoryCache();
    const coalescing = new CoalescingCache(cache, 30_000);
    const load = jest
      .fn()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValueOnce('ok');
    await expect(coalescing.get('k', load)).rejects.toThrow('boom');
    expect(store.has('k')).toBe(false);
    await expect(coalescing.get('k', load)).resolves.toBe('ok');
  });

  it('stores with the configured lifetime, shortened per value when asked', async () => {
    const { cache, ttls } = memoryCache();
    const coalescing = new CoalescingCache(cache, 30_000);
    await coalescing.get('a', async () => 'fine');
    await coalescing.get('b', async () => 'degraded', { ttlMs: () => 5_000 });
    expect(ttls.get('a')).toBe(30_000);
    expect(ttls.get('b')).toBe(5_000);
  });

  it('keeps nothing when the lifetime is 0', async () => {
    const { cache, store } = memoryCache();
    await new CoalescingCache(cache, 0).get('k', async () => 'v');
    expect(store.size).toBe(0);
  });
});
