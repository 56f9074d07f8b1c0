import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  association,
  karpenterDeployment,
} from '../__testUtils__/observations';
import {
  answeredCalls,
  createServiceRole,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { SourceError } from '../sources/section';
import type { ObserveContext } from './context';
import {
  karpenterControllerAssociation,
  observeKarpenterControllerRole,
  observeRoleAllowedActions,
} from './karpenterControllerRole';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

describe("health read of the Karpenter controller's role (sandbox)", () => {
  const env = useSandbox({ reset: false });
  let ctx: ObserveContext;
  const iamCalls = () =>
    answeredCalls(env.log)
      .filter(call => call.startsWith('iam '))
      .map(call => call.slice('iam '.length));

  beforeAll(async () => {
    ctx = await sandboxObserveContext(env.sandbox);
  });

  const controllerAssociation = association({
    namespace: 'kube-system',
    serviceAccount: 'karpenter',
    roleArn: 'arn:aws:iam::000000000000:role/karpenter',
  });

  it("karpenterControllerAssociation: the association of the controller's namespace and service account; none without a controller in the cluster", () => {
    const others = [association(), controllerAssociation];
    expect(
      karpenterControllerAssociation([karpenterDeployment()], others),
    ).toBe(controllerAssociation);
    // another service account
    expect(
      karpenterControllerAssociation(
        [karpenterDeployment({ serviceAccountName: 'karpenter-controller' })],
        others,
      ),
    ).toBeUndefined();
    // no Karpenter, or EKS Auto Mode's (no controller in the cluster)
    expect(karpenterControllerAssociation([], others)).toBeUndefined();
  });

  it('observeRoleAllowedActions: the actions of the Allow statements of inline policies and of the default version of attached customer-managed ones', async () => {
    const roleArn = await createServiceRole(
      ctx.aws,
      'KarpenterController-read',
      'pods.eks.amazonaws.com',
    );
    await arrangeClients(ctx.aws).iam.send(
      new PutRolePolicyCommand({
        RoleName: 'KarpenterController-read',
        PolicyName: 'inline',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            { Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' },
          ],
        }),
      }),
    );
    const document = (actions: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      });
    const { Policy } = await arrangeClients(ctx.aws).iam.send(
      new CreatePolicyCommand({
        PolicyName: 'KarpenterControllerManaged',
        PolicyDocument: document(['ec2:Describe*', 'sqs:ReceiveMessage']),
      }),
    );
    await arrangeClients(ctx.aws).iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'KarpenterController-read',
        PolicyArn: Policy!.Arn,
      }),
    );
    env.log.length = 0;
    const observed = await observeRoleAllowedActions(ctx, roleArn);
    expect(observed).toEqual({
      roleArn,
      policyNames: [Policy!.Arn, 'inline'],
      allowedActions: [
        'ec2:RunInstances',
        'ec2:Describe*',
        'sqs:ReceiveMessage',
      ],
    });
    expect(iamCalls().sort()).toEqual(
      [
        'GetPolicy',
        'GetPolicyVersion',
        'GetRolePolicy',
        'ListAttachedRolePolicies',
        'ListRolePolicies',
      ].sort(),
    );
  });

  it('observeKarpenterControllerRole: no IAM call without an association; a failed read names its call', async () => {
    env.log.length = 0;
    expect(
      await observeKarpenterControllerRole(ctx, {
        deployments: [karpenterDeployment()],
        associations: [association()],
      }),
    ).toBeUndefined();
    expect(iamCalls()).toEqual([]);
    const error = await observeKarpenterControllerRole(ctx, {
      deployments: [karpenterDeployment()],
      associations: [controllerAssociation],
    }).catch(e => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.sectionError.source).toMatch(
      /^iam:List(Attached)?RolePolicies$/,
    );
    expect(error.sectionError.message).toMatch(/NoSuchEntity/);
  });
});
