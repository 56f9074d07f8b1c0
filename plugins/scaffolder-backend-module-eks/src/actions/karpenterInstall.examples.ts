import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:karpenter:install`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Karpenter with the defaults: the latest supported chart (1.14.1) in kube-system, a spot + on-demand NodePool',
    example: yaml.stringify({
      steps: [
        {
          id: 'karpenter',
          name: 'Set up Karpenter',
          action: 'aws:eks:karpenter:install',
          input: { clusterName: 'payments' },
        },
      ],
    }),
  },
  {
    description: 'On-demand arm64 nodes only, with a CPU limit',
    example: yaml.stringify({
      steps: [
        {
          id: 'karpenter',
          name: 'Set up Karpenter for Graviton',
          action: 'aws:eks:karpenter:install',
          input: {
            clusterName: 'payments',
            capacityTypes: ['on-demand'],
            architectures: ['arm64'],
            cpuLimit: '64',
          },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade to a given release with zonal shift: the same action with the newer chartVersion (policy, then chart, then CRDs)',
    example: yaml.stringify({
      steps: [
        {
          id: 'karpenter',
          name: 'Upgrade Karpenter',
          action: 'aws:eks:karpenter:install',
          input: {
            clusterName: 'payments',
            chartVersion: '1.14.1',
            enableZonalShift: true,
          },
        },
      ],
    }),
  },
];
