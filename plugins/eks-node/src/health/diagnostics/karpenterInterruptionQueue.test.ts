import { healthyObservations, karpenter } from '../__testUtils__/observations';
import { karpenterInterruptionQueue } from './karpenterInterruptionQueue';

describe('karpenterInterruptionQueue', () => {
  it('fires when the queue does not exist', () => {
    const obs = healthyObservations();
    obs.karpenter = {
      data: karpenter({
        interruptionQueue: {
          name: 'Karpenter-demo',
          exists: false,
          rules: [],
        },
      }),
    };
    expect(karpenterInterruptionQueue(obs)).toEqual([
      expect.objectContaining({ id: 'karpenter-without-interruption-queue' }),
    ]);
  });

  it('says when the queue is given as an ARN, naming the queue name to give instead', () => {
    const obs = healthyObservations();
    obs.karpenter = {
      data: karpenter({
        interruptionQueue: {
          name: 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo',
          exists: false,
          rules: [],
        },
      }),
    };
    expect(karpenterInterruptionQueue(obs)).toEqual([
      expect.objectContaining({
        id: 'karpenter-interruption-queue-not-a-name',
        severity: 'warning',
        fix: expect.stringContaining('e.g. Karpenter-demo'),
      }),
    ]);
  });

  it('names the missing rules', () => {
    const obs = healthyObservations();
    const k = karpenter();
    k.interruptionQueue!.rules[1].present = false;
    k.interruptionQueue!.rules[4].present = false;
    obs.karpenter = { data: k };
    const [finding] = karpenterInterruptionQueue(obs);
    expect(finding.id).toBe('karpenter-interruption-rules-missing');
    expect(finding.what).toMatch(
      /spot-interruption, capacity-reservation-interruption/,
    );
  });

  it('says when the queue could not be checked', () => {
    const obs = healthyObservations();
    obs.karpenter = { data: karpenter({ interruptionQueue: undefined }) };
    obs.interruptionQueueError = {
      source: 'sqs:GetQueueUrl',
      message: 'AccessDenied: not allowed',
    };
    expect(karpenterInterruptionQueue(obs)).toEqual([
      expect.objectContaining({
        id: 'karpenter-interruption-queue-unchecked',
        severity: 'info',
      }),
    ]);
  });

  it('stays quiet with the queue and all five rules, or without Karpenter', () => {
    const obs = healthyObservations();
    obs.karpenter = { data: karpenter() };
    expect(karpenterInterruptionQueue(obs)).toEqual([]);
    expect(karpenterInterruptionQueue(healthyObservations())).toEqual([]);
  });
});
