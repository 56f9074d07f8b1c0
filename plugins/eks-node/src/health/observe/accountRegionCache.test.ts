import { AccountRegionCache } from './accountRegionCache';

describe('AccountRegionCache', () => {
  const ireland = { accountId: '111111111111', region: 'eu-west-1' };

  function counting(answer: string[] = ['vpc-cni']) {
    return jest.fn(async () => answer);
  }

  it('keeps the answer per account, region and key for its TTL', async () => {
    let now = 1_000;
    const cache = new AccountRegionCache<string[]>(60_000, () => now);
    const load = counting();
    await cache.get(ireland, '1.33', load);
    await cache.get(ireland, '1.33', load);
    expect(load).toHaveBeenCalledTimes(1);
    // another key, another region, another account: each asked for
    await cache.get(ireland, '1.34', load);
    await cache.get({ ...ireland, region: 'us-east-1' }, '1.33', load);
    await cache.get({ ...ireland, accountId: '222222222222' }, '1.33', load);
    expect(load).toHaveBeenCalledTimes(4);
    now += 59_999;
    await cache.get(ireland, '1.33', load);
    expect(load).toHaveBeenCalledTimes(4);
    now += 1;
    await cache.get(ireland, '1.33', load);
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('shares one call between reads asking at the same time', async () => {
    const cache = new AccountRegionCache<string[]>(60_000);
    let answer!: (versions: string[]) => void;
    const load = jest.fn(
      () =>
        new Promise<string[]>(resolve => {
          answer = resolve;
        }),
    );
    const pending = Array.from({ length: 10 }, () =>
      cache.get(ireland, 'versions', load),
    );
    answer(['1.33', '1.34']);
    const answers = await Promise.all(pending);
    expect(load).toHaveBeenCalledTimes(1);
    expect(answers.every(a => a === answers[0])).toBe(true);
  });

  it('does not keep a failed call, and every reader sharing it sees the failure', async () => {
    const cache = new AccountRegionCache<string[]>(60_000);
    const failing = jest.fn(async (): Promise<string[]> => {
      throw new Error('throttled');
    });
    await expect(
      Promise.all([
        cache.get(ireland, '1.33', failing),
        cache.get(ireland, '1.33', failing),
      ]),
    ).rejects.toThrow('throttled');
    expect(failing).toHaveBeenCalledTimes(1);
    const load = counting();
    await expect(cache.get(ireland, '1.33', load)).resolves.toEqual([
      'vpc-cni',
    ]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks every time with a TTL of 0', async () => {
    const cache = new AccountRegionCache<string[]>(0);
    const load = counting();
    await cache.get(ireland, '1.33', load);
    await cache.get(ireland, '1.33', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
