import { ListClustersCommand, EKSServiceException } from '@aws-sdk/client-eks';
import { AccountRateLimiter } from './rateLimit';
import { eksClient, rawAwsRequest } from './__testUtils__/clients';
import { useSandbox } from './__testUtils__/useSandbox';

describe('AccountRateLimiter', () => {
  it('lets a burst through, then refills at the rate, per account', () => {
    let now = 0;
    const limiter = new AccountRateLimiter(() => now);
    expect(limiter.take('a')).toBe(true); // off: no limit
    limiter.set({ requestsPerSecond: 10, burst: 3 });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.take('b')).toBe(true); // another account has its own bucket
    now += 100; // one token back
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    now += 10_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.throttled).toBe(3);
    limiter.set(undefined);
    expect(limiter.take('a')).toBe(true);
  });

  it('sustains the rate over time and no more', () => {
    let now = 0;
    const limiter = new AccountRateLimiter(() => now);
    limiter.set({ requestsPerSecond: 20, burst: 5 });
    let allowed = 0;
    for (let t = 0; t < 10_000; t += 5) {
      now = t;
      if (limiter.take('a')) allowed += 1;
    }
    // 5 at once, then 20 per second for 10 s
    expect(allowed).toBeGreaterThanOrEqual(200);
    expect(allowed).toBeLessThanOrEqual(205);
  });

  it('refuses a limit that makes no sense, naming it', () => {
    const limiter = new AccountRateLimiter();
    expect(() => limiter.set({ requestsPerSecond: 0 })).toThrow(
      /requestsPerSecond/,
    );
    expect(() => limiter.set({ requestsPerSecond: 5, burst: 0 })).toThrow(
      /burst/,
    );
  });
});

describe('the sandbox under a per-account rate limit', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0001 });
  afterEach(() => sandbox.rateLimit.set(undefined));

  it("answers past the limit with EKS's ThrottlingException (429), per account, as the SDK sees it", async () => {
    sandbox.rateLimit.set({ requestsPerSecond: 0.001, burst: 2 });
    const raw = () =>
      rawAwsRequest(sandbox, 'eks', { method: 'GET', path: '/clusters' });
    expect((await raw()).status).toBe(200);
    expect((await raw()).status).toBe(200);
    const refused = await raw();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-amzn-errortype')).toMatch(
      /^ThrottlingException/,
    );
    expect(JSON.parse(refused.text)).toEqual({ message: 'Rate exceeded' });

    const eks = eksClient(sandbox);
    eks.config.maxAttempts = async () => 1;
    const error = await eks.send(new ListClustersCommand({})).catch(e => e);
    expect(error).toBeInstanceOf(EKSServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    // another account is not throttled by this one's calls
    expect(
      (
        await eksClient(sandbox, '111111111111').send(
          new ListClustersCommand({}),
        )
      ).clusters,
    ).toEqual([]);
  });

  it('is off by default', async () => {
    const eks = eksClient(sandbox);
    await Promise.all(
      Array.from({ length: 50 }, () => eks.send(new ListClustersCommand({}))),
    );
    expect(sandbox.rateLimit.get()).toBeUndefined();
  });
});
