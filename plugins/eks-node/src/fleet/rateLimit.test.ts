import { AccountRegionRateLimiter, KubernetesReadLimiter } from './rateLimit';

describe('AccountRegionRateLimiter', () => {
  const ireland = { accountId: '111111111111', region: 'eu-west-1' };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** When each of `n` requests started, in ms from now. */
  function startTimes(limiter: AccountRegionRateLimiter, n: number) {
    const t0 = Date.now();
    const started: number[] = [];
    for (let i = 0; i < n; i++) {
      void limiter.acquire(ireland).then(() => started.push(Date.now() - t0));
    }
    return started;
  }

  it('starts one request per spacing (intervalMs / intervalCap), first come first served, after a first pair', async () => {
    const limiter = new AccountRegionRateLimiter(
      { intervalCap: 10, intervalMs: 1000 },
      () => Date.now(),
    );
    const started = startTimes(limiter, 12);
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 0]);
    expect(limiter.waiting()).toEqual({ '111111111111/eu-west-1': 10 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([
      0, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
    ]);
    // never more than intervalCap + 1 in an interval
    expect(started.filter(t => t < 1000)).toHaveLength(11);
  });

  it('makes up for a late timer with the next request, not more', async () => {
    const limiter = new AccountRegionRateLimiter(
      { intervalCap: 10, intervalMs: 1000 },
      () => Date.now(),
    );
    const started = startTimes(limiter, 6);
    await jest.advanceTimersByTimeAsync(0);
    // the event loop is busy for 150 ms: the timer due at 100 ms runs at 250
    jest.setSystemTime(Date.now() + 150);
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toEqual([0, 0, 250, 250]);
    await jest.advanceTimersByTimeAsync(200);
    expect(started).toEqual([0, 0, 250, 250, 350, 450]);
  });

  it('paces each account and region on its own', async () => {
    const limiter = new AccountRegionRateLimiter(
      { intervalCap: 1, intervalMs: 1000 },
      () => Date.now(),
    );
    const started: string[] = [];
    for (const t of [
      ireland,
      ireland,
      ireland,
      { ...ireland, region: 'us-east-1' },
      { ...ireland, accountId: '222222222222' },
    ]) {
      void limiter
        .acquire(t)
        .then(() => started.push(`${t.accountId}/${t.region}`));
    }
    await jest.advanceTimersByTimeAsync(0);
    expect(started).toEqual([
      '111111111111/eu-west-1',
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
      '222222222222/eu-west-1',
    ]);
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(5);
  });
});

describe('KubernetesReadLimiter', () => {
  const ireland = {
    accountId: '111111111111',
    region: 'eu-west-1',
    clusterName: 'a',
  };

  it('keeps at most `concurrency` reads in flight per account and region', async () => {
    const limiter = new KubernetesReadLimiter(2);
    let open = 0;
    let most = 0;
    const read = async () => {
      open += 1;
      most = Math.max(most, open);
      await new Promise(r => setTimeout(r, 5));
      open -= 1;
      return open;
    };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.run({ ...ireland, clusterName: `c${i}` }, read),
      ),
    );
    expect(most).toBe(2);
    // another account and region is not held up by the first one's reads
    most = 0;
    await Promise.all([
      ...Array.from({ length: 4 }, () => limiter.run(ireland, read)),
      ...Array.from({ length: 4 }, () =>
        limiter.run({ ...ireland, region: 'us-east-1' }, read),
      ),
    ]);
    expect(most).toBe(4);
  });

  it('passes a failed read on and frees its turn', async () => {
    const limiter = new KubernetesReadLimiter(1);
    await expect(
      limiter.run(ireland, async () => {
        throw new Error('403 Forbidden');
      }),
    ).rejects.toThrow('403 Forbidden');
    await expect(limiter.run(ireland, async () => 'next')).resolves.toBe(
      'next',
    );
    expect(limiter.inFlight()).toEqual({ '111111111111/eu-west-1': 0 });
  });
});
