import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { sandboxProvisioningRun } from '../../__testUtils__/sandboxRun';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  checkManagedPoliciesExist,
  checkRoleTrust,
  clusterRoleTrust,
  missingTrust,
  NODE_ROLE_TRUST,
  POD_IDENTITY_ROLE_TRUST,
} from './iamRoles';

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

describe('role existence and trust against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
    run = await sandboxProvisioningRun(sandbox);
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.clearWrites());

  it('accepts roles that trust the right service', async () => {
    await checkRoleTrust(
      run,
      'clusterRoleArn',
      role('demo-cluster'),
      clusterRoleTrust(true),
    );
    await checkRoleTrust(
      run,
      'nodeRoleArn',
      role('demo-node'),
      NODE_ROLE_TRUST,
    );
    await checkRoleTrust(
      run,
      'roleArn',
      role('KarpenterController-demo'),
      POD_IDENTITY_ROLE_TRUST,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a cluster role that trusts only ec2, quoting the trust policy and what it must say', async () => {
    const error = await checkRoleTrust(
      run,
      'clusterRoleArn',
      role('demo-node'),
      clusterRoleTrust(false),
    ).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /^clusterRoleArn must be a role whose trust policy lets eks\.amazonaws\.com call sts:AssumeRole; the trust policy of demo-node does not allow sts:AssumeRole for eks\.amazonaws\.com\. It says: .*ec2\.amazonaws\.com.*\. It must contain: \{"Effect":"Allow","Principal":\{"Service":"eks\.amazonaws\.com"\},"Action":\["sts:AssumeRole"\]\}$/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a Pod Identity role that does not trust pods.eks.amazonaws.com', async () => {
    await expect(
      checkRoleTrust(
        run,
        'roleArn',
        role('demo-cluster'),
        POD_IDENTITY_ROLE_TRUST,
      ),
    ).rejects.toThrow(
      /roleArn must be a role whose trust policy lets pods\.eks\.amazonaws\.com call sts:AssumeRole and sts:TagSession; the trust policy of demo-cluster does not allow sts:AssumeRole or sts:TagSession/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a role that does not exist, or exists under another path', async () => {
    await expect(
      checkRoleTrust(run, 'nodeRoleArn', role('no-such-role'), NODE_ROLE_TRUST),
    ).rejects.toThrow(
      /nodeRoleArn must name an existing IAM role: arn:aws:iam::000000000000:role\/no-such-role does not exist/,
    );
    await expect(
      checkRoleTrust(
        run,
        'nodeRoleArn',
        role('team/demo-node'),
        NODE_ROLE_TRUST,
      ),
    ).rejects.toThrow(/must name an existing IAM role/);
    expect(sandbox.writes).toEqual([]);
  });

  it('checks managed policies exist, in the partition, at most 10', async () => {
    await checkManagedPoliciesExist(run, 'managedPolicyArns', [
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ]);
    await expect(
      checkManagedPoliciesExist(run, 'managedPolicyArns', [
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        'arn:aws:iam::aws:policy/NoSuchPolicy',
      ]),
    ).rejects.toThrow(
      /managedPolicyArns\[1\] must name an existing IAM managed policy: arn:aws:iam::aws:policy\/NoSuchPolicy does not exist/,
    );
    await expect(
      checkManagedPoliciesExist(run, 'managedPolicyArns', [
        'arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess',
      ]),
    ).rejects.toThrow(
      /managedPolicyArns\[0\] must be a policy in partition "aws"/,
    );
    await expect(
      checkManagedPoliciesExist(
        run,
        'managedPolicyArns',
        Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`),
      ),
    ).rejects.toThrow(/managedPolicyArns must list at most 10 policies/);
    expect(sandbox.writes).toEqual([]);
  });
});

describe('missingTrust', () => {
  const trust = (...statements: unknown[]) => ({
    Version: '2012-10-17',
    Statement: statements,
  });
  const allow = (service: unknown, action: unknown) => ({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: action,
  });

  it('reads service lists, wildcards and Deny statements', () => {
    const pods = POD_IDENTITY_ROLE_TRUST;
    expect(
      missingTrust(
        trust(allow(['ec2.amazonaws.com', 'pods.eks.amazonaws.com'], 'sts:*')),
        pods,
      ),
    ).toEqual([]);
    expect(
      missingTrust(
        trust(allow('pods.eks.amazonaws.com', 'sts:AssumeRole')),
        pods,
      ),
    ).toEqual(['sts:TagSession']);
    expect(
      missingTrust(
        trust(allow('pods.eks.amazonaws.com', '*'), {
          ...allow('pods.eks.amazonaws.com', 'sts:TagSession'),
          Effect: 'Deny',
        }),
        pods,
      ),
    ).toEqual(['sts:TagSession']);
    expect(missingTrust(undefined, NODE_ROLE_TRUST)).toEqual([
      'sts:AssumeRole',
    ]);
  });
});
