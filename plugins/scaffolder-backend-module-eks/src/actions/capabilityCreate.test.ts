import { DescribeCapabilityCommand } from '@aws-sdk/client-eks';
import {
  actionContext,
  createSandboxRole,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  runCrashedThenResumed,
  setupClients,
  useActionSandbox,
  writesOf,
} from '@backstage-eks/scaffolder-test-utils';
import { createEksCapabilityCreateAction } from './capabilityCreate';
import { examples } from './capabilityCreate.examples';

jest.setTimeout(60_000);

const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

describe('aws:eks:capability:create', () => {
  const harness = useActionSandbox();

  const action = () => createEksCapabilityCreateAction(harness.options);
  const input = {
    clusterName: 'demo',
    type: 'ARGOCD',
    argoCd: {
      awsIdc: { idcInstanceArn: IDC },
      rbacRoleMappings: [
        { role: 'ADMIN', identities: [{ id: 'admins', type: 'SSO_GROUP' }] },
      ],
    },
  };

  it('creates the capability role trusted by capabilities.eks.amazonaws.com and the Argo CD capability, ACTIVE', async () => {
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(outputs).toMatchObject({
      capabilityName: 'argocd',
      capabilityArn:
        'arn:aws:eks:eu-west-1:000000000000:capability/demo/argocd',
      status: 'ACTIVE',
      roleArn: 'arn:aws:iam::000000000000:role/demo-argocd-capability',
      roleCreated: true,
      action: 'created',
      issues: [],
    });
    expect(outputs.serverUrl).toMatch(/^https:\/\//);
    expect((outputs.notes as string[]).join(' ')).toMatch(
      /deletePropagationPolicy RETAIN/,
    );
    const createRole = harness.sandbox.writes.find(
      w => w.operation === 'CreateRole',
    )!;
    expect(
      JSON.parse(String((createRole.params as any).AssumeRolePolicyDocument))
        .Statement[0],
    ).toMatchObject({
      Principal: { Service: 'capabilities.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
    expect(writesOf(harness.sandbox)).toEqual([
      'iam:CreateRole',
      'eks:CreateCapability',
    ]);
    const create = harness.sandbox.writes.find(
      w => w.operation === 'CreateCapability',
    )!;
    expect(create.params).toMatchObject({
      type: 'ARGOCD',
      deletePropagationPolicy: 'RETAIN',
      configuration: {
        argoCd: {
          awsIdc: { idcInstanceArn: IDC },
          rbacRoleMappings: input.argoCd.rbacRoleMappings,
        },
      },
    });
  });

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(outputs).toMatchObject({ action: 'unchanged', roleCreated: false });
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(
      (outputs.plan as any[]).map(p => `${p.action} ${p.resource}`),
    ).toEqual([
      'create IAM role demo-argocd-capability',
      'create capability argocd',
    ]);
    expect(outputs.status).toBe('PLANNED');
  });

  it('resumes after a crash without creating the role or the capability twice', async () => {
    await runCrashedThenResumed(action, input, '/create/capability/');
    expect(
      writesOf(harness.sandbox).filter(o => o === 'iam:CreateRole'),
    ).toHaveLength(1);
    expect(
      writesOf(harness.sandbox).filter(o => o === 'eks:CreateCapability'),
    ).toHaveLength(1);
    const { eks } = setupClients(harness.sandbox);
    const { capability } = await eks.send(
      new DescribeCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
      }),
    );
    expect(capability?.status).toBe('ACTIVE');
  });

  it('uses an existing capability role as it is', async () => {
    const roleArn = await createSandboxRole(
      harness.sandbox,
      'platform-kro-capability',
      'capabilities.eks.amazonaws.com',
    );
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext({
      clusterName: 'demo',
      type: 'KRO',
      roleArn,
    });
    await action().handler(ctx);
    expect(outputs).toMatchObject({ roleArn, roleCreated: false });
    expect(writesOf(harness.sandbox)).toEqual(['eks:CreateCapability']);
  });

  it.each([
    [
      'Argo CD without Identity Center',
      { argoCd: undefined },
      /argoCd\.awsIdc\.idcInstanceArn is required for an ARGOCD capability/,
    ],
    [
      'Argo CD configuration on an ACK capability',
      { type: 'ACK' },
      /argoCd is only for ARGOCD capabilities; a ACK capability takes no configuration/,
    ],
    [
      'a role mapped twice',
      {
        argoCd: {
          awsIdc: { idcInstanceArn: IDC },
          rbacRoleMappings: [
            { role: 'VIEWER', identities: [{ id: 'a', type: 'SSO_USER' }] },
            { role: 'VIEWER', identities: [{ id: 'b', type: 'SSO_USER' }] },
          ],
        },
      },
      /argoCd\.rbacRoleMappings\[1\]\.role VIEWER is mapped twice/,
    ],
    [
      'a role in another account',
      {
        type: 'KRO',
        argoCd: undefined,
        roleArn: 'arn:aws:iam::111122223333:role/kro',
      },
      /^roleArn must be a role in account 000000000000/,
    ],
    [
      'a role that does not trust capabilities.eks.amazonaws.com',
      {
        type: 'KRO',
        argoCd: undefined,
        roleArn: 'arn:aws:iam::000000000000:role/KarpenterController-demo',
      },
      /^roleArn must be a role whose trust policy lets capabilities\.eks\.amazonaws\.com call sts:AssumeRole and sts:TagSession/,
    ],
    [
      'a cluster that does not exist',
      { clusterName: 'nope' },
      /^clusterName: no EKS cluster "nope"/,
    ],
  ])(
    'refuses %s before any write, naming the field',
    async (_what, change, message) => {
      await expectRefusedBeforeAnyWrite(
        harness,
        action(),
        { ...input, ...change },
        message,
      );
    },
  );

  it('refuses a second capability of a type under another name, naming the one there', async () => {
    await action().handler(
      actionContext({ clusterName: 'demo', type: 'ACK' }).ctx,
    );
    await expectRefusedBeforeAnyWrite(
      harness,
      action(),
      { clusterName: 'demo', type: 'ACK', capabilityName: 'ack-two' },
      /^type: cluster demo already has a ACK capability, ack; EKS allows one capability of each type per cluster/,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      await createSandboxRole(
        harness.sandbox,
        'platform-kro-capability',
        'capabilities.eks.amazonaws.com',
      );
      const { ctx, outputs } = actionContext(exampleInput(example));
      await action().handler(ctx);
      expect(outputs.status).toBe('ACTIVE');
    },
  );
});
