import { parseTaskStepLine } from '@backstage-eks/plugin-eks-common';
import type { AwsClients } from '../aws/AwsClientFactory';
import { DEFAULT_WAIT_SETTINGS, ProvisioningRun } from './ProvisioningRun';
import { TYPICAL_CREATE_SECONDS } from './waiters';

const aws = {
  target: { accountId: '123456789012', region: 'eu-west-1' },
} as AwsClients;

describe('ProvisioningRun.waiterOptions', () => {
  it('uses the configured range when the typical duration is unknown', () => {
    const run = new ProvisioningRun({ aws });
    expect(run.waiterOptions('client')).toEqual({
      client: 'client',
      maxWaitTime: DEFAULT_WAIT_SETTINGS.timeoutSeconds,
      minDelay: 5,
      maxDelay: 30,
    });
  });

  it('spaces polls at most 5% of the typical duration apart, within the range', () => {
    const run = new ProvisioningRun({ aws });
    const maxDelay = (seconds: number) =>
      run.waiterOptions('client', seconds).maxDelay;
    expect(maxDelay(TYPICAL_CREATE_SECONDS.cluster)).toBe(30);
    expect(maxDelay(TYPICAL_CREATE_SECONDS.nodeGroup)).toBe(12);
    // never below the shortest delay
    expect(maxDelay(TYPICAL_CREATE_SECONDS.addon)).toBe(5);
    // never above the longest one
    expect(maxDelay(3 * 3600)).toBe(30);
  });

  it('scales the typical durations for a faster sandbox', () => {
    const run = new ProvisioningRun({
      aws,
      wait: {
        minDelaySeconds: 0.2,
        maxDelaySeconds: 1.2,
        typicalDurationFactor: 0.04,
      },
    });
    expect(run.waiterOptions('client', 240).maxDelay).toBeCloseTo(0.48);
    expect(run.waiterOptions('client', 60).maxDelay).toBe(0.2);
  });

  it('scales with configured delays (tests run with tiny ones)', () => {
    const run = new ProvisioningRun({
      aws,
      wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1 },
    });
    expect(run.waiterOptions('client', 60)).toMatchObject({
      minDelay: 0.02,
      maxDelay: 0.1,
    });
  });
});

describe('ProvisioningRun.change and its write observer', () => {
  const change = { action: 'create', resource: 'SQS queue q' } as const;

  it('passes every write, with its account, region and checkpoint key, through the observer', async () => {
    const seen: string[] = [];
    const run = new ProvisioningRun({
      aws,
      observeWrite: async (write, makeWrite) => {
        seen.push(`before ${write.change.resource} ${write.key}`);
        try {
          const result = await makeWrite();
          seen.push(`after ${JSON.stringify(result)}`);
          return result;
        } catch (error) {
          seen.push(`failed ${(error as Error).message}`);
          throw error;
        }
      },
    });
    await expect(run.change(change, ['q'], async () => 'url')).resolves.toBe(
      'url',
    );
    await expect(
      run.change(change, ['r'], async () => {
        throw new Error('AccessDenied');
      }),
    ).rejects.toThrow('AccessDenied');
    expect(seen).toEqual([
      'before SQS queue q 123456789012/eu-west-1/create/q',
      'after "url"',
      'before SQS queue q 123456789012/eu-west-1/create/r',
      'failed AccessDenied',
    ]);
  });

  it('observes nothing in a dry run, nor a write a resumed checkpoint already holds', async () => {
    const observeWrite = jest.fn(async (_write, makeWrite) => makeWrite());
    const dryRun = new ProvisioningRun({ aws, dryRun: true, observeWrite });
    const write = jest.fn(async () => 'url');
    await dryRun.change(change, ['q'], write);
    const resumed = new ProvisioningRun({
      aws,
      observeWrite,
      checkpoint: async () => 'url from the first attempt' as any,
    });
    await expect(resumed.change(change, ['q'], write)).resolves.toBe(
      'url from the first attempt',
    );
    expect(observeWrite).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
    expect(dryRun.plan).toEqual([change]);
  });
});

describe('ProvisioningRun drift and requested changes', () => {
  function recordingRun() {
    const lines: string[] = [];
    const run = new ProvisioningRun({
      aws,
      logger: {
        info: message => lines.push(`info: ${message}`),
        warn: message => lines.push(`warn: ${message}`),
      },
    });
    return { run, lines };
  }

  it('logs a change the request asks for as information, not as drift', () => {
    const { run, lines } = recordingRun();
    run.reportRequestedChange('add-on coredns: configuration values');
    expect(lines).toEqual([
      'info: Changing as asked: add-on coredns: configuration values',
    ]);
    expect(run.drift).toEqual([]);
  });

  it('warns about drift and keeps it for the output', () => {
    const { run, lines } = recordingRun();
    run.reportDrift('SQS queue q: MessageRetentionPeriod differ');
    expect(lines).toEqual([
      'warn: Drift: SQS queue q: MessageRetentionPeriod differ',
    ]);
    expect(run.drift).toEqual(['SQS queue q: MessageRetentionPeriod differ']);
  });
});

describe('ProvisioningRun.step', () => {
  function recordingRun() {
    const lines: string[] = [];
    const run = new ProvisioningRun({
      aws,
      logger: {
        info: message => lines.push(`info: ${message}`),
        warn: message => lines.push(`warn: ${message}`),
      },
    });
    return { run, lines };
  }

  afterEach(() => jest.useRealTimers());

  it('logs each named step as it starts and ends, counted, with its elapsed time', async () => {
    jest.useFakeTimers({ now: 0 });
    const { run, lines } = recordingRun();
    run.beginSteps(2);
    const value = await run.step('the Pod Identity agent add-on', async () => {
      jest.setSystemTime(1234);
      return 'agent';
    });
    await run.step('node IAM role', async () => {
      jest.setSystemTime(1234 + 61_000);
    });
    expect(value).toBe('agent');
    expect(lines).toEqual([
      'info: Step 1/2 started: the Pod Identity agent add-on',
      'info: Step 1/2 done after 1.2s (1234 ms): the Pod Identity agent add-on',
      'info: Step 2/2 started: node IAM role',
      'info: Step 2/2 done after 1m1s (61000 ms): node IAM role',
    ]);
    expect(lines.map(parseTaskStepLine).map(l => l?.phase)).toEqual([
      'started',
      'done',
      'started',
      'done',
    ]);
  });

  it('logs a failed step as a warning and rethrows its error', async () => {
    jest.useFakeTimers({ now: 0 });
    const { run, lines } = recordingRun();
    run.beginSteps();
    const error = new Error('cluster demo is CREATING');
    await expect(
      run.step('the cluster', async () => {
        jest.setSystemTime(500);
        throw error;
      }),
    ).rejects.toBe(error);
    expect(lines).toEqual([
      'info: Step 1 started: the cluster',
      'warn: Step 1 failed after 500ms (500 ms): the cluster',
    ]);
  });

  it("counts a flow run inside another's step as part of that step", async () => {
    const { run, lines } = recordingRun();
    run.beginSteps(2);
    await run.step('the Pod Identity agent add-on', async () => {
      // a nested flow (installAddons inside Karpenter's step) starts its own
      run.beginSteps(3);
      await run.step('preflight', async () => {});
    });
    await run.step('node IAM role', async () => {});
    expect(lines.map(l => l.replace(/ after .*\):/, ':'))).toEqual([
      'info: Step 1/2 started: the Pod Identity agent add-on',
      'info: Preflight',
      'info: Step 1/2 done: the Pod Identity agent add-on',
      'info: Step 2/2 started: node IAM role',
      'info: Step 2/2 done: node IAM role',
    ]);
  });

  it('leaves the total out of steps beyond the one the flow announced', async () => {
    const { run, lines } = recordingRun();
    run.beginSteps(1);
    await run.step('one', async () => {});
    await run.step('two', async () => {});
    expect(lines[2]).toBe('info: Step 2 started: two');
  });
});
