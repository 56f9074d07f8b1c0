import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:cluster:upgrade`. */
export const examples: TemplateExample[] = [
  {
    description:
      "Upgrade a 1.33 cluster to 1.34: its add-ons to the target's default versions, its node groups and Karpenter's nodes",
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          name: 'Upgrade the cluster',
          action: 'aws:eks:cluster:upgrade',
          input: { clusterName: 'demo', targetVersion: '1.34' },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade the control plane and add-ons (to their latest versions) only, leaving the node groups and Karpenter nodes to be replaced later',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          name: 'Upgrade the control plane and add-ons',
          action: 'aws:eks:cluster:upgrade',
          input: {
            clusterName: 'demo',
            targetVersion: '1.34',
            addonVersion: 'latest',
            upgradeNodegroups: false,
            waitForKarpenterDrift: false,
          },
        },
      ],
    }),
  },
];
