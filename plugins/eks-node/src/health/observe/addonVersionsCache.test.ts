import type { AddonInfo } from '@aws-sdk/client-eks';
import { AddonVersionsCache } from './addonVersionsCache';

describe('AddonVersionsCache', () => {
  function counting(answer: AddonInfo[] = [{ addonName: 'vpc-cni' }]) {
    const load = jest.fn(async () => answer);
    return load;
  }

  it('keeps the answer per region and Kubernetes version for its TTL', async () => {
    let now = 1_000;
    const cache = new AddonVersionsCache(60_000, () => now);
    const load = counting();
    await cache.get('eu-west-1', '1.33', load);
    await cache.get('eu-west-1', '1.33', load);
    expect(load).toHaveBeenCalledTimes(1);
    // another version, another region: asked for
    await cache.get('eu-west-1', '1.34', load);
    await cache.get('us-east-1', '1.33', load);
    expect(load).toHaveBeenCalledTimes(3);
    now += 59_999;
    await cache.get('eu-west-1', '1.33', load);
    expect(load).toHaveBeenCalledTimes(3);
    now += 1;
    await cache.get('eu-west-1', '1.33', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('shares one call between views asking at the same time', async () => {
    const cache = new AddonVersionsCache(60_000);
    const load = counting();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cache.get('eu-west-1', '1.33', load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(answers.every(a => a === answers[0])).toBe(true);
  });

  it('does not keep a failed call', async () => {
    const cache = new AddonVersionsCache(60_000);
    const failing = jest.fn(async (): Promise<AddonInfo[]> => {
      throw new Error('throttled');
    });
    await expect(cache.get('eu-west-1', '1.33', failing)).rejects.toThrow(
      'throttled',
    );
    const load = counting();
    await expect(cache.get('eu-west-1', '1.33', load)).resolves.toEqual([
      { addonName: 'vpc-cni' },
    ]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks every time with a TTL of 0', async () => {
    const cache = new AddonVersionsCache(0);
    const load = counting();
    await cache.get('eu-west-1', '1.33', load);
    await cache.get('eu-west-1', '1.33', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
