import {
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { AwsClientFactory } from '../../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../../aws/sandboxConfig';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { createPodIdentity } from './createPodIdentity';

const DATA_ACCOUNT = '222233334444';
const TARGET_ROLE = `arn:aws:iam::${DATA_ACCOUNT}:role/orders-data`;
const SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::orders/*',
    },
  ],
});

describe('createPodIdentity with a target role, session tags and a session policy', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const request = {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
    installAgent: true,
  };

  useSandboxSuite(s => ({ sandbox, run } = s));

  /** The portal's IAM client for another sandbox account. */
  const iamOf = async (accountId: string): Promise<IAMClient> =>
    (
      await new AwsClientFactory({
        credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
        endpoint: sandbox.url,
        defaultRegion: sandbox.region,
      }).forTarget({ accountId })
    ).iam;
  const deps = () => ({
    kubernetes: new KubernetesClientFactory(),
    targetAccountIam: iamOf,
  });
  const createTargetRole = async () =>
    (await iamOf(DATA_ACCOUNT)).send(
      new CreateRoleCommand({
        RoleName: 'orders-data',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Existing',
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
  const targetTrust = async () =>
    JSON.parse(
      decodeURIComponent(
        (
          await (
            await iamOf(DATA_ACCOUNT)
          ).send(new GetRoleCommand({ RoleName: 'orders-data' }))
        ).Role!.AssumeRolePolicyDocument!,
      ),
    );

  it('refuses a session policy without disabled session tags, naming both fields, before any write', async () => {
    await expect(
      createPodIdentity(
        run,
        { ...request, sessionPolicy: SESSION_POLICY },
        deps(),
      ),
    ).rejects.toThrow(
      /^sessionPolicy requires disableSessionTags: true: EKS applies a session policy only when/,
    );
    await expect(
      createPodIdentity(
        run,
        {
          ...request,
          sessionPolicy: SESSION_POLICY,
          disableSessionTags: false,
        },
        deps(),
      ),
    ).rejects.toThrow(/^sessionPolicy requires disableSessionTags: true/);
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a bad session policy, a malformed target role and writeTargetTrust without a target role', async () => {
    const refusal = (extra: Record<string, unknown>) =>
      createPodIdentity(run, { ...request, ...extra }, deps());
    await expect(
      refusal({ sessionPolicy: '{"Statement":', disableSessionTags: true }),
    ).rejects.toThrow(/^sessionPolicy must be a JSON IAM policy document/);
    const long = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: Array.from(
            { length: 60 },
            (_, i) => `arn:aws:s3:::orders-bucket-${i}/*`,
          ),
        },
      ],
    });
    await expect(
      refusal({ sessionPolicy: long, disableSessionTags: true }),
    ).rejects.toThrow(
      /^sessionPolicy must be at most 2048 characters as compact JSON \(STS's limit/,
    );
    await expect(refusal({ targetRoleArn: 'orders-data' })).rejects.toThrow(
      /^targetRoleArn must be an IAM role ARN/,
    );
    await expect(refusal({ writeTargetTrust: true })).rejects.toThrow(
      /^writeTargetTrust needs targetRoleArn/,
    );
    await expect(
      refusal({ targetRoleArn: TARGET_ROLE, writeTargetTrust: true }),
    ).rejects.toThrow(
      `targetRoleArn: no IAM role orders-data in account ${DATA_ACCOUNT}`,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it("chains to a role in another account: the new role may assume it, the association carries it, and the target's trust requires the association's external id", async () => {
    await createTargetRole();
    const result = await createPodIdentity(
      run,
      {
        ...request,
        targetRoleArn: TARGET_ROLE,
        writeTargetTrust: true,
        disableSessionTags: true,
        sessionPolicy: SESSION_POLICY,
      },
      deps(),
    );
    const externalId = `${sandbox.region}/${sandbox.accountId}/demo/orders/orders-api`;
    expect(result).toMatchObject({
      roleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-orders-orders-api`,
      externalId,
      targetTrustWritten: true,
    });
    const { association } = await run.aws.eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: result.associationId,
      }),
    );
    expect(association).toMatchObject({
      targetRoleArn: TARGET_ROLE,
      disableSessionTags: true,
      externalId,
    });
    expect(JSON.parse(association!.policy!)).toEqual(
      JSON.parse(SESSION_POLICY),
    );
    const assume = await run.aws.iam.send(
      new GetRolePolicyCommand({
        RoleName: 'demo-orders-orders-api',
        PolicyName: 'demo-orders-orders-api-assume-target',
      }),
    );
    expect(
      JSON.parse(decodeURIComponent(assume.PolicyDocument!)).Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: TARGET_ROLE,
      },
    ]);
    const trust = await targetTrust();
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Sid: 'Existing' }),
      {
        Effect: 'Allow',
        Principal: { AWS: result.roleArn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: result.roleArn },
        Action: 'sts:TagSession',
      },
    ]);

    // the same request again changes nothing
    const before = sandbox.writes.length;
    const again = await createPodIdentity(
      run,
      {
        ...request,
        targetRoleArn: TARGET_ROLE,
        writeTargetTrust: true,
        disableSessionTags: true,
        sessionPolicy: SESSION_POLICY,
      },
      deps(),
    );
    expect(again.targetTrustWritten).toBe(false);
    expect(sandbox.writes.slice(before)).toEqual([]);
    expect((await targetTrust()).Statement).toHaveLength(3);
  });

  it('without writeTargetTrust, leaves the target role alone and says what its trust must hold', async () => {
    await createTargetRole();
    const result = await createPodIdentity(
      run,
      { ...request, targetRoleArn: TARGET_ROLE },
      deps(),
    );
    expect(result.targetTrustWritten).toBe(false);
    expect(result.notes.join('\n')).toContain(
      `The target role ${TARGET_ROLE} must trust ${result.roleArn} with sts:ExternalId "${result.externalId}"`,
    );
    expect((await targetTrust()).Statement).toHaveLength(1);
  });

  it('without writeTargetTrust, says nothing more when the target role already trusts the association', async () => {
    await createTargetRole();
    await createPodIdentity(
      run,
      { ...request, targetRoleArn: TARGET_ROLE, writeTargetTrust: true },
      deps(),
    );
    run.notes.length = 0;
    const again = await createPodIdentity(
      run,
      { ...request, targetRoleArn: TARGET_ROLE },
      deps(),
    );
    expect(again.targetTrustWritten).toBe(false);
    expect(again.notes.join('\n')).not.toContain('must trust');
  });

  it('brings an association it made to the asked target role, session tags and session policy', async () => {
    const first = await createPodIdentity(run, request, deps());
    await createTargetRole();
    await createPodIdentity(
      run,
      {
        ...request,
        targetRoleArn: TARGET_ROLE,
        disableSessionTags: true,
        sessionPolicy: SESSION_POLICY,
      },
      deps(),
    );
    const { association } = await run.aws.eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: first.associationId,
      }),
    );
    expect(association).toMatchObject({
      targetRoleArn: TARGET_ROLE,
      disableSessionTags: true,
    });
    expect(association?.policy).toBeTruthy();
    // and back: no target role, session tags on, no session policy
    await createPodIdentity(run, request, deps());
    const back = await run.aws.eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: first.associationId,
      }),
    );
    expect(back.association?.targetRoleArn).toBeUndefined();
    expect(back.association?.disableSessionTags).toBe(false);
    expect(back.association?.policy).toBeUndefined();
  });

  it('refuses to change an association someone else made (its target role) unless adopting', async () => {
    await createTargetRole();
    const roleArn = `arn:aws:iam::${sandbox.accountId}:role/KarpenterController-demo`;
    await run.aws.eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'demo',
        namespace: 'orders',
        serviceAccount: 'orders-api',
        roleArn,
      }),
    );
    await expect(
      createPodIdentity(
        run,
        { ...request, roleArn, targetRoleArn: TARGET_ROLE },
        deps(),
      ),
    ).rejects.toThrow(/target role \(none\) -> .*orders-data/);
    const { associations } = await run.aws.eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'demo',
        namespace: 'orders',
      }),
    );
    expect(associations).toHaveLength(1);
  });

  it('takes an existing role that trusts Pod Identity for sts:AssumeRole only when session tags are disabled, as EKS does', async () => {
    await run.aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'assume-only',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'pods.eks.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    const roleArn = `arn:aws:iam::${sandbox.accountId}:role/assume-only`;
    await expect(
      createPodIdentity(run, { ...request, roleArn }, deps()),
    ).rejects.toThrow(
      /^roleArn must be a role whose trust policy lets pods\.eks\.amazonaws\.com call sts:AssumeRole and sts:TagSession/,
    );
    const result = await createPodIdentity(
      run,
      { ...request, roleArn, disableSessionTags: true },
      deps(),
    );
    expect(result.roleArn).toBe(roleArn);
  });
});
