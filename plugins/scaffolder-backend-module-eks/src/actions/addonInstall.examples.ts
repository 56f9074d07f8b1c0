import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:addon:install`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Core add-ons at their default versions, the Pod Identity agent, and the EBS CSI driver with its recommended Pod Identity role',
    example: yaml.stringify({
      steps: [
        {
          id: 'addons',
          name: 'Install EKS add-ons',
          action: 'aws:eks:addon:install',
          input: {
            clusterName: 'demo',
            addons: [
              { name: 'eks-pod-identity-agent' },
              { name: 'coredns', version: 'latest' },
              { name: 'aws-ebs-csi-driver', podIdentity: 'recommended' },
            ],
          },
        },
      ],
    }),
  },
  {
    description: 'CoreDNS with configuration values in YAML',
    example: yaml.stringify({
      steps: [
        {
          id: 'coredns',
          name: 'Configure CoreDNS',
          action: 'aws:eks:addon:install',
          input: {
            clusterName: 'demo',
            addons: [
              {
                name: 'coredns',
                version: 'default',
                configurationValues: 'replicaCount: 3\n',
                resolveConflicts: 'OVERWRITE',
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'external-dns in a namespace of its own, with its recommended Pod Identity role',
    example: yaml.stringify({
      steps: [
        {
          id: 'external-dns',
          name: 'Install external-dns',
          action: 'aws:eks:addon:install',
          input: {
            clusterName: 'demo',
            addons: [
              {
                name: 'external-dns',
                version: 'latest',
                namespace: 'dns-system',
                podIdentity: 'recommended',
              },
            ],
          },
        },
      ],
    }),
  },
];
