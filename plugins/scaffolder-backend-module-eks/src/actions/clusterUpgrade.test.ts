import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  actionContext,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  runCrashedThenResumed,
  setupClients,
  useActionSandbox,
  writesOf,
} from '@backstage-eks/scaffolder-test-utils';
import { createEksClusterUpgradeAction } from './clusterUpgrade';
import { examples } from './clusterUpgrade.examples';

jest.setTimeout(120_000);

describe('aws:eks:cluster:upgrade', () => {
  const harness = useActionSandbox();

  const action = () => createEksClusterUpgradeAction(harness.options);
  // the sandbox's demo cluster runs 1.33, with add-ons, a node group and Karpenter
  const input = { clusterName: 'demo', targetVersion: '1.34' };

  async function clusterVersion(name = 'demo') {
    const { eks } = setupClients(harness.sandbox);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
    return cluster!.version;
  }

  it('upgrades the control plane, the add-ons and the node group one minor version, and reports what changed', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs, logLines } = actionContext(input);
    await action().handler(ctx);

    expect(await clusterVersion()).toBe('1.34');
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:UpdateClusterVersion')).toHaveLength(1);
    expect(ops.indexOf('eks:UpdateClusterVersion')).toBeLessThan(
      ops.indexOf('eks:UpdateNodegroupVersion'),
    );
    expect(outputs).toMatchObject({
      fromVersion: '1.33',
      toVersion: '1.34',
      updateId: expect.any(String),
      alreadyAtTarget: false,
    });
    expect(outputs.nodegroups).toEqual([
      { name: 'system', from: '1.33', to: '1.34' },
    ]);
    expect((outputs.addons as any[]).length).toBeGreaterThan(0);
    expect((outputs.steps as any[]).map(s => s.title).length).toBeGreaterThan(
      1,
    );
    for (const step of outputs.steps as any[]) {
      expect(step.elapsedMs).toBeGreaterThanOrEqual(0);
    }
    // the plan is logged before the first change
    const plan = outputs.upgradePlan as string[];
    expect(plan.length).toBeGreaterThan(0);
    const log = logLines.join('\n');
    expect(log.indexOf(plan[0])).toBeGreaterThanOrEqual(0);
    // the plan output of every EKS action lists the changes made
    expect((outputs.plan as any[]).map(p => p.resource)).toEqual(
      expect.arrayContaining(['EKS cluster demo']),
    );
  });

  it('writes nothing in a dry run and shows the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(await clusterVersion()).toBe('1.33');
    expect(outputs).toMatchObject({ fromVersion: '1.33', toVersion: '1.34' });
    expect(outputs.updateId).toBeUndefined();
    const plan = (outputs.upgradePlan as string[]).join('\n');
    expect(plan).toContain('1.34');
    expect(plan).toMatch(/control plane/i);
    expect(plan).toMatch(/system/);
  });

  it('makes no writes when run again after the upgrade', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(writesOf(harness.sandbox)).not.toContain('eks:UpdateClusterVersion');
    expect(outputs).toMatchObject({
      alreadyAtTarget: true,
      toVersion: '1.34',
    });
  });

  it("resumes after a crash right after the control plane's checkpoint without starting a second update", async () => {
    const resumed = await runCrashedThenResumed(
      action,
      input,
      '/cluster-version/demo/1.34',
    );
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:UpdateClusterVersion')).toHaveLength(1);
    expect(ops.filter(o => o === 'eks:UpdateNodegroupVersion')).toHaveLength(1);
    expect(resumed.outputs.toVersion).toBe('1.34');
    expect(await clusterVersion()).toBe('1.34');
  });

  it.each([
    [
      { clusterName: 'demo cluster' },
      /^clusterName must start with a letter or digit/,
    ],
    [
      { targetVersion: 'v1.34' },
      /^targetVersion must be a Kubernetes minor version such as "1.33"/,
    ],
    [{ targetVersion: undefined }, /^targetVersion is required/],
    [
      { addonVersion: 'newest' },
      /^addonVersion Invalid enum value. Expected 'default' \| 'latest'/,
    ],
    [{ region: 'moon-1' }, /^region must be an AWS region/],
    [{ force: 'yes' }, /^force must be a boolean \(got string\)/],
    // EKS's rule, checked against the cluster's version before any write
    [{ targetVersion: '1.35' }, /targetVersion must be the next minor version/],
    [{ targetVersion: '1.32' }, /targetVersion must be the next minor version/],
  ])('rejects bad input %j before any write', async (change, message) => {
    await expectRefusedBeforeAnyWrite(
      harness,
      action(),
      { ...input, ...change },
      message,
    );
  });

  it("refuses a user without eks.cluster.upgrade on the cluster's entity before any AWS call", async () => {
    const checked: AuthorizePermissionRequest[] = [];
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: AuthorizePermissionRequest[]) => {
        checked.push(...requests);
        return requests.map(() => ({ result: AuthorizeResult.DENY })) as any;
      },
    });
    const refused = createEksClusterUpgradeAction({
      ...harness.options,
      permissions,
    });
    harness.sandbox.clearWrites();
    const { ctx } = actionContext(input);
    await expect(refused.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'may not run aws:eks:cluster:upgrade: it needs the permission eks.cluster.upgrade on resource:default/demo',
      ),
    });
    expect(checked.map(r => [r.permission.name, r.resourceRef])).toEqual([
      ['eks.cluster.upgrade', 'resource:default/demo'],
    ]);
    expect(harness.sandbox.writes).toEqual([]);
    expect(await clusterVersion()).toBe('1.33');
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const stepInput = exampleInput(example);
      const { ctx, outputs } = actionContext(stepInput);
      await action().handler(ctx);
      expect(outputs.toVersion).toBe(stepInput.targetVersion);
      expect(await clusterVersion(stepInput.clusterName)).toBe(
        stepInput.targetVersion,
      );
    },
  );
});
