import {
  DetachRolePolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../__testUtils__/sandboxRun';
import { ensureInstanceProfile, ensureRole, findRole, RoleSpec } from './iam';
import { deleteRole } from './roleDeletion';
import {
  PolicyDocument,
  podIdentityTrustPolicy,
  serviceTrustPolicy,
} from './policies';
import { ProvisioningRun } from './ProvisioningRun';
import { resourceTags } from './tags';

describe('IAM roles and instance profiles against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  const readS3: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  };
  const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;
  const spec = (): RoleSpec => ({
    name: 'shop-app',
    description: 'app role',
    trustPolicy: podIdentityTrustPolicy(),
    managedPolicyArns: [policy('AmazonS3ReadOnlyAccess')],
    inlinePolicies: { read: readS3 },
    tags: resourceTags('shop'),
  });
  const role = (name: string) =>
    sandbox.state
      .account(sandbox.accountId)
      .iam.roleByArn(`arn:aws:iam::${sandbox.accountId}:role/${name}`);
  const writes = () => sandbox.writes.map(w => w.operation);

  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run } = setup);
  });

  describe('ensureRole', () => {
    it('creates the role with its trust, tags and policies, then changes nothing', async () => {
      const arn = await ensureRole(run, spec());
      expect(arn).toBe(`arn:aws:iam::${sandbox.accountId}:role/shop-app`);
      expect(writes()).toEqual([
        'CreateRole',
        'AttachRolePolicy',
        'PutRolePolicy',
      ]);
      const created = role('shop-app')!;
      expect(JSON.parse(created.assumeRolePolicyDocument)).toEqual(
        podIdentityTrustPolicy(),
      );
      expect(created.tags).toMatchObject(resourceTags('shop'));
      expect([...created.attachedPolicyArns]).toEqual([
        policy('AmazonS3ReadOnlyAccess'),
      ]);
      expect(JSON.parse(created.inlinePolicies.get('read')!)).toEqual(readS3);

      sandbox.clearWrites();
      await expect(ensureRole(run, spec())).resolves.toBe(arn);
      expect(sandbox.writes).toEqual([]);
      expect(run.drift).toEqual([]);
    });

    it('corrects drift of its own role: trust, a detached policy, an inline policy', async () => {
      await ensureRole(run, spec());
      const RoleName = 'shop-app';
      await run.aws.iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName,
          PolicyDocument: JSON.stringify(
            serviceTrustPolicy('ec2.amazonaws.com'),
          ),
        }),
      );
      await run.aws.iam.send(
        new DetachRolePolicyCommand({
          RoleName,
          PolicyArn: policy('AmazonS3ReadOnlyAccess'),
        }),
      );
      await run.aws.iam.send(
        new PutRolePolicyCommand({
          RoleName,
          PolicyName: 'read',
          PolicyDocument: JSON.stringify({
            ...readS3,
            Statement: [{ ...readS3.Statement[0], Action: 's3:*' }],
          }),
        }),
      );
      sandbox.clearWrites();
      await ensureRole(run, spec());
      expect(run.drift).toEqual([
        'IAM role shop-app has a different trust policy',
        `IAM role shop-app lacks the policy ${policy(
          'AmazonS3ReadOnlyAccess',
        )}`,
        'IAM role shop-app: inline policy read differs',
      ]);
      expect(writes()).toEqual([
        'UpdateAssumeRolePolicy',
        'AttachRolePolicy',
        'PutRolePolicy',
      ]);
      expect(JSON.parse(role('shop-app')!.inlinePolicies.get('read')!)).toEqual(
        readS3,
      );
    });

    it('refuses a role someone else made that it would change, naming the changes', async () => {
      await expect(
        ensureRole(run, { ...spec(), name: 'demo-node' }),
      ).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringMatching(
            /IAM role demo-node exists and was not made by this request.*trust policy.*attach arn:aws:iam::aws:policy\/AmazonS3ReadOnlyAccess.*inline policy read/s,
          ),
        }),
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('plans a new role in a dry run and writes nothing', async () => {
      const dry = new ProvisioningRun({ aws: run.aws, dryRun: true });
      await expect(ensureRole(dry, spec())).resolves.toBe(
        `arn:aws:iam::${sandbox.accountId}:role/shop-app`,
      );
      expect(dry.plan.map(c => c.detail ?? c.action)).toEqual([
        'create',
        `attach ${policy('AmazonS3ReadOnlyAccess')}`,
        'inline policy read',
      ]);
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('ensureInstanceProfile', () => {
    it('creates the profile holding the role, and adds the role to one without it', async () => {
      await ensureRole(run, spec());
      await expect(
        ensureInstanceProfile(run, {
          name: 'shop-nodes',
          roleName: 'shop-app',
        }),
      ).resolves.toBe('shop-nodes');
      expect(writes()).toEqual([
        'CreateRole',
        'AttachRolePolicy',
        'PutRolePolicy',
        'CreateInstanceProfile',
        'AddRoleToInstanceProfile',
      ]);
      sandbox.clearWrites();
      await ensureInstanceProfile(run, {
        name: 'shop-nodes',
        roleName: 'shop-app',
      });
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('deleteRole', () => {
    it('deletes the role with its policies and instance profiles', async () => {
      await ensureRole(run, spec());
      await ensureInstanceProfile(run, {
        name: 'shop-nodes',
        roleName: 'shop-app',
      });
      sandbox.clearWrites();
      await expect(
        deleteRole(run, 'shop-app', { deleteInstanceProfiles: true }),
      ).resolves.toBe(true);
      expect(writes()).toEqual([
        'DetachRolePolicy',
        'DeleteRolePolicy',
        'RemoveRoleFromInstanceProfile',
        'DeleteInstanceProfile',
        'DeleteRole',
      ]);
      await expect(findRole(run, 'shop-app')).resolves.toBeUndefined();
      await expect(deleteRole(run, 'shop-app')).resolves.toBe(false);
    });
  });
});
