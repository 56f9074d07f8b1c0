import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { PodIdentityAssociationSummary } from '@backstage-eks/plugin-eks-common';
import {
  answeredCalls,
  createServiceRole,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import type { ObserveContext } from './context';
import { mayUseKafka, observeKafkaRolePolicies } from './rolePolicies';

const association = (
  over: Partial<PodIdentityAssociationSummary>,
): PodIdentityAssociationSummary => ({
  associationId: 'a-1',
  namespace: 'orders',
  serviceAccount: 'orders-api',
  roleArn: '',
  ...over,
});

describe('health reads of IAM role policies for the MSK check (sandbox)', () => {
  const env = useSandbox({ reset: false });
  let ctx: ObserveContext;
  const iamCalls = () =>
    answeredCalls(env.log)
      .filter(call => call.startsWith('iam '))
      .map(call => call.slice('iam '.length));

  beforeAll(async () => {
    ctx = await sandboxObserveContext(env.sandbox);
  });

  async function roleWithInlinePolicy(name: string, actions: string[]) {
    const roleArn = await createServiceRole(
      ctx.aws,
      name,
      'pods.eks.amazonaws.com',
    );
    await ctx.aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'app',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
        }),
      }),
    );
    return roleArn;
  }

  it('mayUseKafka: not EKS-owned associations, kube-system or known controllers', () => {
    expect(mayUseKafka(association({}))).toBe(true);
    expect(mayUseKafka(association({ namespace: 'kube-system' }))).toBe(false);
    expect(mayUseKafka(association({ serviceAccount: 'external-dns' }))).toBe(
      false,
    );
    expect(
      mayUseKafka(
        association({ ownerArn: 'arn:aws:eks:eu-west-1:000000000000:addon/x' }),
      ),
    ).toBe(false);
  });

  it('observeKafkaRolePolicies: reads only the roles that may use MSK, each once, and tells which grant it', async () => {
    const streams = await roleWithInlinePolicy('orders-streams', [
      'kafka-cluster:Connect',
    ]);
    const plain = await roleWithInlinePolicy('orders-plain', ['s3:GetObject']);
    const controller = await roleWithInlinePolicy('lbc', ['kafka:*']);
    env.log.length = 0;
    const observations = await observeKafkaRolePolicies(
      ctx.aws,
      [
        association({ roleArn: streams }),
        association({ roleArn: streams, serviceAccount: 'orders-worker' }),
        association({ roleArn: plain }),
        association({ roleArn: controller, namespace: 'kube-system' }),
      ],
      15000,
    );
    expect(observations).toEqual({
      [streams]: {
        roleArn: streams,
        policyNames: ['app'],
        grantsKafka: true,
      },
      [plain]: { roleArn: plain, policyNames: ['app'], grantsKafka: false },
    });
    expect(iamCalls().sort()).toEqual(
      [
        'ListAttachedRolePolicies',
        'ListAttachedRolePolicies',
        'ListRolePolicies',
        'ListRolePolicies',
        'GetRolePolicy',
        'GetRolePolicy',
      ].sort(),
    );
  });
});
