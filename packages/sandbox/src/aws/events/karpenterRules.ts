/** The five EventBridge rules Karpenter's interruption handling needs (as terraform-aws-eks creates them). */
export const KARPENTER_INTERRUPTION_RULES = [
  {
    suffix: 'HealthEvent',
    description: 'Karpenter interrupt - AWS health event',
    pattern: { source: ['aws.health'], 'detail-type': ['AWS Health Event'] },
  },
  {
    suffix: 'SpotInterrupt',
    description: 'Karpenter interrupt - EC2 spot instance interruption warning',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Spot Instance Interruption Warning'],
    },
  },
  {
    suffix: 'InstanceRebalance',
    description: 'Karpenter interrupt - EC2 instance rebalance recommendation',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance Rebalance Recommendation'],
    },
  },
  {
    suffix: 'InstanceStateChange',
    description: 'Karpenter interrupt - EC2 instance state-change notification',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
    },
  },
  {
    suffix: 'CapacityReservationInterrupt',
    description:
      'Karpenter interrupt - EC2 capacity reservation interruption warning',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'],
    },
  },
];
