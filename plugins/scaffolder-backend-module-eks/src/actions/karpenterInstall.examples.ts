import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:karpenter:install`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Karpenter with the defaults: chart 1.8.1 in kube-system, a spot + on-demand NodePool',
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
];
