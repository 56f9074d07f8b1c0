import { defaultKarpenterInterruptionQueueName } from './karpenter';

describe('defaultKarpenterInterruptionQueueName', () => {
  it('follows terraform-aws-eks: Karpenter-<cluster>', () => {
    expect(defaultKarpenterInterruptionQueueName('demo')).toBe(
      'Karpenter-demo',
    );
  });
});
