import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:capability:create`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Managed Argo CD signing users in with IAM Identity Center, platform admins as ADMIN and developers as VIEWER',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          name: 'Managed Argo CD',
          action: 'aws:eks:capability:create',
          input: {
            clusterName: 'demo',
            type: 'ARGOCD',
            argoCd: {
              awsIdc: {
                idcInstanceArn:
                  'arn:aws:sso:::instance/ssoins-1234567890abcdef',
              },
              rbacRoleMappings: [
                {
                  role: 'ADMIN',
                  identities: [{ id: 'platform-admins', type: 'SSO_GROUP' }],
                },
                {
                  role: 'VIEWER',
                  identities: [{ id: 'developers', type: 'SSO_GROUP' }],
                },
              ],
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'AWS Controllers for Kubernetes with a new capability role allowed to manage S3 buckets',
    example: yaml.stringify({
      steps: [
        {
          id: 'ack',
          name: 'AWS Controllers for Kubernetes',
          action: 'aws:eks:capability:create',
          input: {
            clusterName: 'demo',
            type: 'ACK',
            managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'],
            deletePropagationPolicy: 'RETAIN',
          },
        },
      ],
    }),
  },
  {
    description: 'kro with an existing capability role',
    example: yaml.stringify({
      steps: [
        {
          id: 'kro',
          name: 'Kube Resource Orchestrator',
          action: 'aws:eks:capability:create',
          input: {
            clusterName: 'demo',
            type: 'KRO',
            capabilityName: 'kro',
            roleArn: 'arn:aws:iam::000000000000:role/platform-kro-capability',
          },
        },
      ],
    }),
  },
];
