import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:cluster:delete`. */
export const examples: TemplateExample[] = [
  {
    description: 'Delete a cluster and everything Karpenter needed',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          name: 'Delete the cluster',
          action: 'aws:eks:cluster:delete',
          input: { clusterName: 'payments', deleteKarpenterResources: true },
        },
      ],
    }),
  },
];
