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
