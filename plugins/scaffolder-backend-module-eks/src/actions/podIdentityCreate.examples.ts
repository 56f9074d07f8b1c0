import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `aws:eks:pod-identity:create`. */
export const examples: TemplateExample[] = [
  {
    description:
      'A new role with a managed policy and an inline policy for the orders service',
    example: yaml.stringify({
      steps: [
        {
          id: 'pod-identity',
          name: 'Give the orders service AWS access',
          action: 'aws:eks:pod-identity:create',
          input: {
            clusterName: 'demo',
            namespace: 'orders',
            serviceAccount: 'orders-api',
            managedPolicyArns: [
              'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
            ],
            inlinePolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['sqs:SendMessage'],
                  Resource: 'arn:aws:sqs:eu-west-1:000000000000:orders',
                },
              ],
            }),
          },
        },
      ],
    }),
  },
  {
    description:
      'An existing role, installing the Pod Identity agent when missing',
    example: yaml.stringify({
      steps: [
        {
          id: 'pod-identity',
          name: 'Associate an existing role',
          action: 'aws:eks:pod-identity:create',
          input: {
            clusterName: 'demo',
            namespace: 'payments',
            serviceAccount: 'payments-worker',
            roleArn: 'arn:aws:iam::000000000000:role/payments-worker',
            installAgent: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Cross-account: chain to a role in the data account, write its trust, and narrow the session',
    example: yaml.stringify({
      steps: [
        {
          id: 'pod-identity',
          name: 'Give the reports job read access to the data account',
          action: 'aws:eks:pod-identity:create',
          input: {
            clusterName: 'demo',
            namespace: 'reports',
            serviceAccount: 'reports-job',
            targetRoleArn: 'arn:aws:iam::222233334444:role/reports-data',
            writeTargetTrust: true,
            disableSessionTags: true,
            sessionPolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['s3:GetObject'],
                  Resource: 'arn:aws:s3:::reports/*',
                },
              ],
            }),
          },
        },
      ],
    }),
  },
];
