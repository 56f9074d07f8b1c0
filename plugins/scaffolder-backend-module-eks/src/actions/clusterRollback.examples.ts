import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:cluster:rollback`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Roll a cluster back to the version it was upgraded from, giving EKS up to 4 hours for the control plane',
    example: yaml.stringify({
      steps: [
        {
          id: 'rollback',
          name: 'Roll the cluster back',
          action: 'aws:eks:cluster:rollback',
          input: { clusterName: 'demo', timeoutMinutes: 240 },
        },
      ],
    }),
  },
];
