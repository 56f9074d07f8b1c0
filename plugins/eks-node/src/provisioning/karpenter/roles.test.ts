import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ProvisioningRun } from '../ProvisioningRun';
import { resolveKarpenterRequest } from './request';
import { ensureControllerRole, ensureKarpenterNodeRole } from './roles';

describe('the Karpenter roles', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const request = (extra = {}) =>
    resolveKarpenterRequest(run, { clusterName: 'demo', ...extra });

  it('makes <cluster>-karpenter-node with its instance profile and EC2_LINUX access entry', async () => {
    const role = await ensureKarpenterNodeRole(
      run,
      request({ createInstanceProfile: true }),
      { findings: [] },
      false,
    );
    expect(role).toEqual({
      nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-karpenter-node`,
      nodeRoleName: 'demo-karpenter-node',
      instanceProfileName: 'demo-karpenter-node',
    });
    const ops = sandbox.writes.map(w => w.operation);
    expect(ops).toEqual(
      expect.arrayContaining([
        'CreateRole',
        'CreateInstanceProfile',
        'CreateAccessEntry',
      ]),
    );
    const entry = sandbox.writes.find(w => w.operation === 'CreateAccessEntry');
    expect(entry?.params).toMatchObject({ type: 'EC2_LINUX' });
  });

  it("uses the existing EC2NodeClass's node role instead of making one", async () => {
    const existing = `arn:aws:iam::${sandbox.accountId}:role/KarpenterNodeRole-demo`;
    sandbox.clearWrites();
    const role = await ensureKarpenterNodeRole(
      run,
      request(),
      { findings: [], nodeRoleArn: existing },
      false,
    );
    expect(role.nodeRoleName).toBe('KarpenterNodeRole-demo');
    expect(sandbox.writes.map(w => w.operation)).not.toContain('CreateRole');
  });

  it('makes the controller role with the policy scoped to the cluster, or uses the one that serves', async () => {
    const scope = {
      queueArn: `arn:aws:sqs:${sandbox.region}:${sandbox.accountId}:Karpenter-demo`,
      nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-karpenter-node`,
    };
    const arn = await ensureControllerRole(
      run,
      request(),
      { findings: [] },
      scope,
    );
    expect(arn).toBe(
      `arn:aws:iam::${sandbox.accountId}:role/demo-karpenter-controller`,
    );
    const policy = await run.aws.iam.send(
      new GetRolePolicyCommand({
        RoleName: 'demo-karpenter-controller',
        PolicyName: 'KarpenterController',
      }),
    );
    expect(decodeURIComponent(policy.PolicyDocument!)).toContain(
      scope.queueArn,
    );
    sandbox.clearWrites();
    const serving = `arn:aws:iam::${sandbox.accountId}:role/KarpenterController-demo`;
    expect(
      await ensureControllerRole(
        run,
        request(),
        { findings: [], controllerRoleArn: serving },
        scope,
      ),
    ).toBe(serving);
    expect(sandbox.writes).toEqual([]);
  });
});
