import {
  DescribeClusterCommand,
  EKSServiceException,
} from '@aws-sdk/client-eks';
import { FaultInjector } from './faults';
import { eksClient } from './__testUtils__/clients';
import { useSandbox } from './__testUtils__/useSandbox';

describe('FaultInjector', () => {
  it('matches by service and operation and expires after count', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({
      service: 'eks',
      operation: 'DescribeCluster',
      throttleRate: 1,
      count: 1,
    });
    faults.set({ service: 'iam', latencyMs: 5 });
    expect(faults.decide('eks', 'ListClusters')).toEqual({ latencyMs: 0 });
    expect(faults.decide('eks', 'DescribeCluster')).toEqual({
      latencyMs: 0,
      fault: 'throttle',
    });
    expect(faults.decide('eks', 'DescribeCluster')).toEqual({ latencyMs: 0 });
    expect(faults.decide('iam', 'GetRole')).toEqual({ latencyMs: 5 });
  });

  it('rolls the same dice for the same seed', () => {
    const decisions = (seed: number) => {
      const faults = new FaultInjector();
      faults.seed(seed);
      faults.set({ throttleRate: 0.3, serverErrorRate: 0.05 });
      return Array.from(
        { length: 200 },
        () => faults.decide('iam', 'CreateRole').fault ?? 'ok',
      );
    };
    const first = decisions(42);
    expect(decisions(42)).toEqual(first);
    expect(decisions(7)).not.toEqual(first);
    const throttled = first.filter(d => d === 'throttle').length;
    expect(throttled).toBeGreaterThan(40);
    expect(throttled).toBeLessThan(80);
    expect(first).toContain('serverError');
    expect(() => new FaultInjector().seed(1.5)).toThrow(
      'seed must be an integer, got 1.5',
    );
  });

  it('tallies the faults it injected, per service, until reset', () => {
    const faults = new FaultInjector();
    faults.set({ service: 'eks', throttleRate: 1, count: 2 });
    faults.set({ service: 'kubernetes', serverErrorRate: 1, count: 1 });
    faults.decide('eks', 'DescribeCluster');
    faults.decide('eks', 'DescribeCluster');
    faults.decide('eks', 'DescribeCluster');
    faults.decide('kubernetes', 'GET');
    expect(faults.injected('eks')).toBe(2);
    expect(faults.injected('kubernetes')).toBe(1);
    expect(faults.injected()).toBe(3);
    faults.clear();
    expect(faults.injected()).toBe(3);
    faults.resetInjected();
    expect(faults.injected()).toBe(0);
  });

  it('rejects rates outside 0..1', () => {
    expect(() => new FaultInjector().set({ throttleRate: 2 })).toThrow(
      'throttleRate must be a number between 0 and 1, got 2',
    );
  });
});

describe('fault injection through the SDK', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  afterEach(() => sandbox.faults.clear());

  it('throttles with ThrottlingException (429), which the SDK retries', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'DescribeCluster',
      throttleRate: 1,
      count: 2,
    });
    const result = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(result.cluster?.name).toBe('demo');
    expect(result.$metadata.attempts).toBe(3);
  });

  it('gives up after the SDK attempts with the throttling error', async () => {
    sandbox.faults.set({ service: 'eks', throttleRate: 1 });
    const error = await eksClient(sandbox)
      .send(new DescribeClusterCommand({ name: 'demo' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(EKSServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 429, attempts: 3 });
  });

  it('fails with 5xx ServerException, also retried', async () => {
    sandbox.faults.set({ service: 'eks', serverErrorRate: 1, count: 1 });
    const ok = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(ok.$metadata.attempts).toBe(2);
    sandbox.faults.set({ service: 'eks', serverErrorRate: 1 });
    const error = await eksClient(sandbox)
      .send(new DescribeClusterCommand({ name: 'demo' }))
      .catch(e => e);
    expect(error.name).toBe('ServerException');
    expect(error.$metadata.httpStatusCode).toBe(500);
  });

  it('leaves other services and operations alone', async () => {
    sandbox.faults.set({ service: 'iam', throttleRate: 1 });
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListClusters',
      throttleRate: 1,
    });
    const result = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(result.$metadata.attempts).toBe(1);
  });
});
