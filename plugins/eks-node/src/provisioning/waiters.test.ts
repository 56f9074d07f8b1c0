import {
  CreateAddonCommand,
  DescribeAddonCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { arrangeClients } from '../__testUtils__/arrangeClients';
import { sandboxProvisioningRun } from '../__testUtils__/sandboxRun';
import { answeredCalls } from '../health/__testUtils__/sandboxContext';
import {
  DEFAULT_WAIT_SETTINGS,
  ProvisioningRun,
  type WaitSettings,
} from './ProvisioningRun';
import type { AwsClients } from '../aws/AwsClientFactory';
import { pollSchedule, runWaiter, TYPICAL_CREATE_SECONDS } from './waiters';

const aws = {
  target: { accountId: '123456789012', region: 'eu-west-1' },
} as AwsClients;

function runWith(wait: Partial<WaitSettings> = {}) {
  return new ProvisioningRun({ aws, wait });
}

describe('pollSchedule', () => {
  it('puts off the first poll of a change just requested so that the third falls 1% after its typical duration, polls 5% of it apart', () => {
    const run = runWith();
    const cluster = pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster, 0);
    // polls 546, 576 and 606 s after the request
    expect(cluster.firstDelaySeconds).toBeCloseTo(546);
    expect(cluster).toMatchObject({
      minDelaySeconds: 30,
      maxDelaySeconds: 30,
      timeoutSeconds: DEFAULT_WAIT_SETTINGS.timeoutSeconds,
    });
    const nodeGroup = pollSchedule(run, TYPICAL_CREATE_SECONDS.nodeGroup, 0);
    expect(nodeGroup.firstDelaySeconds).toBeCloseTo(218.4);
    expect(nodeGroup.minDelaySeconds).toBe(12);
    expect(nodeGroup.maxDelaySeconds).toBe(12);
    // never closer than the shortest delay: polls 50.6, 55.6 and 60.6 s after
    const addon = pollSchedule(run, TYPICAL_CREATE_SECONDS.addon, 0);
    expect(addon.firstDelaySeconds).toBeCloseTo(50.6);
    expect(addon.minDelaySeconds).toBe(5);
    expect(addon.maxDelaySeconds).toBe(5);
  });

  it('counts the time since the request: a creation found under way waits only for the rest', () => {
    const run = runWith();
    expect(
      pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster, 400).firstDelaySeconds,
    ).toBeCloseTo(146);
    expect(
      pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster, 900).firstDelaySeconds,
    ).toBe(0);
  });

  it('polls at once and backs off as before for a change of unknown age or without a typical duration', () => {
    const run = runWith();
    expect(pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster)).toEqual({
      firstDelaySeconds: 0,
      minDelaySeconds: 5,
      maxDelaySeconds: 30,
      timeoutSeconds: DEFAULT_WAIT_SETTINGS.timeoutSeconds,
    });
    expect(pollSchedule(run, undefined, 0)).toMatchObject({
      firstDelaySeconds: 0,
      minDelaySeconds: 5,
      maxDelaySeconds: 30,
    });
  });

  it('does not put off the first poll of a run of unknown speed (other delays, no typical duration factor)', () => {
    const run = runWith({ minDelaySeconds: 0.02, maxDelaySeconds: 0.05 });
    expect(
      pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster, 0).firstDelaySeconds,
    ).toBe(0);
  });

  it('scales with the typical duration factor of a faster sandbox', () => {
    const run = runWith({
      minDelaySeconds: 0.2,
      maxDelaySeconds: 1.2,
      typicalDurationFactor: 0.04,
    });
    const schedule = pollSchedule(run, TYPICAL_CREATE_SECONDS.nodeGroup, 0);
    expect(schedule.firstDelaySeconds).toBeCloseTo(8.736);
    expect(schedule.minDelaySeconds).toBeCloseTo(0.48);
  });

  it('keeps the time limit: the first delay leaves room for polls before it', () => {
    const run = runWith({ timeoutSeconds: 300 });
    const schedule = pollSchedule(run, TYPICAL_CREATE_SECONDS.cluster, 0);
    expect(schedule.firstDelaySeconds).toBe(240);
    expect(schedule.timeoutSeconds).toBe(300);
  });
});

describe('runWaiter against the sandbox', () => {
  // add-ons become ACTIVE 60 s x F after their creation in the sandbox (3 s):
  // polls 2.53, 2.78 and 3.03 s after the request
  const F = 0.05;
  let sandbox: Sandbox;
  const log: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      latencyFactor: F,
      log: line => log.push(line),
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
  });

  /** A run scaled like the sandbox, as the bench runs the product's defaults. */
  async function scaledRun(timeoutSeconds = 30) {
    const base = await sandboxProvisioningRun(sandbox);
    return new ProvisioningRun({
      aws: base.aws,
      wait: {
        minDelaySeconds: DEFAULT_WAIT_SETTINGS.minDelaySeconds * F,
        maxDelaySeconds: DEFAULT_WAIT_SETTINGS.maxDelaySeconds * F,
        typicalDurationFactor: F,
        timeoutSeconds,
      },
    });
  }

  async function createAddon(run: ProvisioningRun, addonName: string) {
    await arrangeClients(run.aws).eks.send(
      new CreateAddonCommand({ clusterName: 'demo', addonName }),
    );
    // as the product does: EKS had started when it answered
    return Date.now();
  }

  const describeAddonCalls = () =>
    answeredCalls(log).filter(c => c === 'eks DescribeAddon').length;

  function waitForAddon(
    run: ProvisioningRun,
    addonName: string,
    requestedAt?: number,
  ) {
    return runWaiter(
      run,
      `add-on ${addonName} to become ACTIVE`,
      waitUntilAddonActive,
      run.aws.eks,
      { clusterName: 'demo', addonName },
      TYPICAL_CREATE_SECONDS.addon,
      requestedAt,
    );
  }

  it('a creation that takes its typical time is polled at most three times', async () => {
    // (before: polled from the start, 0.25 s apart, about 13 times)
    const run = await scaledRun();
    const requestedAt = await createAddon(run, 'metrics-server');
    log.length = 0;
    await waitForAddon(run, 'metrics-server', requestedAt);
    const polls = describeAddonCalls();
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(3);
    const { addon } = await run.aws.eks.send(
      new DescribeAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
      }),
    );
    expect(addon?.status).toBe('ACTIVE');
  });

  it('without the time of the request, polls from the start (more polls, same end)', async () => {
    const run = await scaledRun();
    await createAddon(run, 'metrics-server');
    log.length = 0;
    await waitForAddon(run, 'metrics-server');
    expect(describeAddonCalls()).toBeGreaterThan(8);
  });

  it('a resource already ACTIVE ends the wait with one poll, even with the time of its request', async () => {
    const run = await scaledRun();
    log.length = 0;
    // the seeded demo cluster's vpc-cni has long been ACTIVE
    await waitForAddon(run, 'vpc-cni', Date.now() - 3_600_000);
    expect(describeAddonCalls()).toBe(1);
  });

  it('still times out naming what it waited for when the first delay would pass the time limit', async () => {
    // the add-on needs 3 s; the wait may take 1 s in all
    const run = await scaledRun(1);
    const requestedAt = await createAddon(run, 'metrics-server');
    await expect(
      waitForAddon(run, 'metrics-server', requestedAt),
    ).rejects.toThrow(
      'Timed out after 1s waiting for add-on metrics-server to become ACTIVE',
    );
  });
});
