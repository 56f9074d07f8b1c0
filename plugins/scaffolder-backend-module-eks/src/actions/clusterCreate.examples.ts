import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:cluster:create`. */
export const examples: TemplateExample[] = [
  {
    description:
      'A cluster on the newest Kubernetes version, subnets found by tags, with an admin role and a system node group',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-cluster',
          name: 'Create EKS cluster',
          action: 'aws:eks:cluster:create',
          input: {
            clusterName: 'payments',
            region: 'eu-west-1',
            adminPrincipalArns: [
              'arn:aws:iam::000000000000:role/platform-admins',
            ],
            nodeGroup: {
              name: 'system',
              instanceTypes: ['m7i.large'],
              minSize: 2,
              maxSize: 4,
              desiredSize: 2,
            },
            tags: { team: 'payments' },
          },
        },
      ],
    }),
  },
  {
    description: 'An EKS Auto Mode cluster on a given Kubernetes version',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-cluster',
          name: 'Create EKS Auto Mode cluster',
          action: 'aws:eks:cluster:create',
          input: {
            clusterName: 'checkout-auto',
            region: 'eu-west-1',
            kubernetesVersion: '1.33',
            autoMode: true,
            owner: 'group:default/checkout',
          },
        },
      ],
    }),
  },
  {
    description:
      'A production cluster: standard support only (upgraded automatically when it ends), deletion protection (the production tag turns it on), zonal shift and a provisioned control plane tier',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-cluster',
          name: 'Create production EKS cluster',
          action: 'aws:eks:cluster:create',
          input: {
            clusterName: 'payments-prod',
            region: 'eu-west-1',
            upgradePolicy: 'STANDARD',
            zonalShift: true,
            controlPlaneTier: 'tier-xl',
            tags: { environment: 'production' },
          },
        },
      ],
    }),
  },
];
