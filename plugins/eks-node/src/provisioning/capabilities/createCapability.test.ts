import {
  CreateCapabilityCommand,
  DescribeCapabilityCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { parsePolicyDocument } from '../policies';
import { waitForCapabilityActive } from './capability';
import { CreateCapabilityOptions } from './capabilityRequest';
import { createCapability } from './createCapability';

const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const argoCd: CreateCapabilityOptions = {
  clusterName: 'demo',
  type: 'ARGOCD',
  argoCd: {
    awsIdc: { idcInstanceArn: IDC },
    rbacRoleMappings: [
      { role: 'ADMIN', identities: [{ id: 'g-admins', type: 'SSO_GROUP' }] },
    ],
  },
};

describe('createCapability', () => {
  const ctx = useSandboxRun({ latencyFactor: 0.001 });

  it('runs its named steps: creates the capability role with the trust EKS requires and the capability, waits for ACTIVE', async () => {
    const result = await createCapability(ctx.run, argoCd);
    expect(
      ctx.messages
        .filter(l => / started: /.test(l))
        .map(l => l.replace(/^Step /, '')),
    ).toEqual([
      '1/4 started: preflight: region, role trust, the cluster, one capability of each type and what exists',
      '2/4 started: IAM capability role demo-argocd-capability',
      '3/4 started: ARGOCD capability argocd',
      '4/4 started: capability argocd ACTIVE',
    ]);
    expect(result).toMatchObject({
      capabilityName: 'argocd',
      type: 'ARGOCD',
      status: 'ACTIVE',
      roleCreated: true,
      action: 'created',
      roleArn: `arn:aws:iam::${ctx.sandbox.accountId}:role/demo-argocd-capability`,
      issues: [],
    });
    expect(result.serverUrl).toMatch(/^https:\/\//);
    expect(result.version).toBeTruthy();
    const role = await ctx.run.aws.iam.send(
      new GetRoleCommand({ RoleName: 'demo-argocd-capability' }),
    );
    expect(
      parsePolicyDocument(role.Role?.AssumeRolePolicyDocument),
    ).toMatchObject({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'capabilities.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    });
    const { capability } = await ctx.run.aws.eks.send(
      new DescribeCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
      }),
    );
    expect(capability?.tags).toMatchObject({
      'eks.backstage.io/entity-ref': expect.any(String),
    });
    expect(capability?.configuration?.argoCd?.rbacRoleMappings).toEqual(
      argoCd.argoCd?.rbacRoleMappings,
    );
  });

  it('is idempotent: a second run changes nothing; a changed role mapping is updated in place', async () => {
    await createCapability(ctx.run, argoCd);
    const before = ctx.writes().length;
    const again = await createCapability(ctx.runWith({}), argoCd);
    expect(again).toMatchObject({ action: 'unchanged', roleCreated: false });
    expect(ctx.writes().slice(before)).toEqual([]);
    const changed = await createCapability(ctx.runWith({}), {
      ...argoCd,
      argoCd: {
        awsIdc: { idcInstanceArn: IDC },
        rbacRoleMappings: [
          { role: 'VIEWER', identities: [{ id: 'u-1', type: 'SSO_USER' }] },
        ],
      },
    });
    expect(changed).toMatchObject({ action: 'updated', status: 'ACTIVE' });
    expect(ctx.writes().slice(before)).toEqual(['eks:UpdateCapability']);
    const { capability } = await ctx.run.aws.eks.send(
      new DescribeCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
      }),
    );
    expect(capability?.configuration?.argoCd?.rbacRoleMappings).toEqual([
      { role: 'VIEWER', identities: [{ id: 'u-1', type: 'SSO_USER' }] },
    ]);
  });

  it('refuses before any write: Argo CD without Identity Center, a second capability of a type, a role EKS cannot assume, a missing cluster', async () => {
    await expect(
      createCapability(ctx.run, { clusterName: 'demo', type: 'ARGOCD' }),
    ).rejects.toThrow(/^argoCd\.awsIdc\.idcInstanceArn is required/);
    await expect(
      createCapability(ctx.run, {
        clusterName: 'demo',
        type: 'KRO',
        deletePropagationPolicy: 'DELETE' as any,
      }),
    ).rejects.toThrow(/^deletePropagationPolicy must be one of RETAIN/);
    // an ACK capability someone else made, under another name
    const other = await ctx.run.aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'their-ack',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'capabilities.eks.amazonaws.com' },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        }),
      }),
    );
    await ctx.run.aws.eks.send(
      new CreateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'their-ack',
        type: 'ACK',
        roleArn: other.Role?.Arn,
        deletePropagationPolicy: 'RETAIN',
      }),
    );
    const before = ctx.writes().length;
    await expect(
      createCapability(ctx.run, { clusterName: 'demo', type: 'ACK' }),
    ).rejects.toThrow(
      /^type: cluster demo already has a ACK capability, their-ack; EKS allows one capability of each type per cluster/,
    );
    // the same name: someone else's, and this run would change its role
    await expect(
      createCapability(ctx.run, {
        clusterName: 'demo',
        type: 'ACK',
        capabilityName: 'their-ack',
      }),
    ).rejects.toThrow(/adopt: refusing to take over/);
    const podsRole = `arn:aws:iam::${ctx.sandbox.accountId}:role/KarpenterController-demo`;
    await expect(
      createCapability(ctx.run, {
        clusterName: 'demo',
        type: 'KRO',
        roleArn: podsRole,
      }),
    ).rejects.toThrow(
      /^roleArn must be a role whose trust policy lets capabilities\.eks\.amazonaws\.com call sts:AssumeRole and sts:TagSession/,
    );
    await expect(
      createCapability(ctx.run, { clusterName: 'nope', type: 'KRO' }),
    ).rejects.toThrow(/^clusterName: no EKS cluster "nope"/);
    expect(ctx.writes().slice(before)).toEqual([]);
  });

  it('a dry run writes nothing and lists the role and the capability it would create', async () => {
    const run = ctx.runWith({ dryRun: true });
    const result = await createCapability(run, {
      clusterName: 'demo',
      type: 'KRO',
    });
    expect(result).toMatchObject({ status: 'PLANNED', action: 'planned' });
    expect(run.plan.map(c => `${c.action} ${c.resource}`)).toEqual([
      'create IAM role demo-kro-capability',
      'create capability kro',
    ]);
    expect(ctx.writes()).toEqual([]);
  });

  it("reports a DEGRADED capability's issue with its fix, and a re-run restores the role's trust", async () => {
    await createCapability(ctx.run, { clusterName: 'demo', type: 'KRO' });
    await ctx.run.aws.iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'demo-kro-capability',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    const dry = await createCapability(ctx.runWith({ dryRun: true }), {
      clusterName: 'demo',
      type: 'KRO',
    });
    expect(dry.status).toBe('DEGRADED');
    expect(dry.issues).toEqual([
      expect.stringMatching(
        /^AccessDenied: .*\(fix: check that the capability role exists, trusts capabilities\.eks\.amazonaws\.com/,
      ),
    ]);
    const fixed = await createCapability(ctx.runWith({}), {
      clusterName: 'demo',
      type: 'KRO',
    });
    expect(fixed).toMatchObject({ status: 'ACTIVE', issues: [] });
    expect(
      (await waitForCapabilityActive(ctx.run, 'demo', 'kro'))?.status,
    ).toBe('ACTIVE');
  });

  it("adopts someone else's capability only when asked: its role changed and the ownership tag written", async () => {
    const theirs = await ctx.run.aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'their-kro',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'capabilities.eks.amazonaws.com' },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        }),
      }),
    );
    await ctx.run.aws.eks.send(
      new CreateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'kro',
        type: 'KRO',
        roleArn: theirs.Role?.Arn,
        deletePropagationPolicy: 'RETAIN',
        tags: { 'managed-by': 'terraform' },
      }),
    );
    await waitForCapabilityActive(ctx.run, 'demo', 'kro');
    const before = ctx.writes().length;
    await expect(
      createCapability(ctx.runWith({}), { clusterName: 'demo', type: 'KRO' }),
    ).rejects.toThrow(
      /capability kro exists and was not made by this request \(not made by Backstage, managed-by=terraform\); this run would change it: role/,
    );
    expect(ctx.writes().slice(before)).toEqual([]);
    const adopted = await createCapability(ctx.runWith({ adopt: true }), {
      clusterName: 'demo',
      type: 'KRO',
    });
    expect(adopted).toMatchObject({ action: 'updated', status: 'ACTIVE' });
    expect(ctx.writes().slice(before)).toEqual([
      'iam:CreateRole',
      'eks:TagResource',
      'eks:UpdateCapability',
    ]);
    const { capability } = await ctx.run.aws.eks.send(
      new DescribeCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'kro',
      }),
    );
    expect(capability?.roleArn).toBe(adopted.roleArn);
    expect(capability?.tags?.['eks.backstage.io/entity-ref']).toBeTruthy();
  });
});
