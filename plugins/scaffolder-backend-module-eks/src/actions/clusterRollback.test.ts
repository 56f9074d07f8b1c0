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
import { createEksClusterRollbackAction } from './clusterRollback';
import { examples } from './clusterRollback.examples';
import { createEksClusterUpgradeAction } from './clusterUpgrade';

jest.setTimeout(180_000);

describe('aws:eks:cluster:rollback', () => {
  const harness = useActionSandbox();

  const action = () => createEksClusterRollbackAction(harness.options);
  const input = { clusterName: 'demo' };

  async function clusterVersion(name = 'demo') {
    const { eks } = setupClients(harness.sandbox);
    const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
    return cluster!.version;
  }

  /** Upgrades the sandbox's demo cluster from 1.33 to 1.34, as the upgrade action does. */
  async function upgradeDemo() {
    await createEksClusterUpgradeAction(harness.options).handler(
      actionContext({ clusterName: 'demo', targetVersion: '1.34' }).ctx,
    );
    expect(await clusterVersion()).toBe('1.34');
    harness.sandbox.clearWrites();
  }

  it('rolls the node group back first, then the control plane, within the window', async () => {
    await upgradeDemo();
    const { ctx, outputs } = actionContext({ ...input, timeoutMinutes: 240 });
    await action().handler(ctx);

    expect(await clusterVersion()).toBe('1.33');
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:UpdateClusterVersion')).toHaveLength(1);
    expect(ops.indexOf('eks:UpdateNodegroupVersion')).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf('eks:UpdateNodegroupVersion')).toBeLessThan(
      ops.indexOf('eks:UpdateClusterVersion'),
    );
    const update = harness.sandbox.writes.find(
      w => w.operation === 'UpdateClusterVersion',
    )!;
    expect(update.params).toMatchObject({
      version: '1.33',
      rollbackConfig: { timeoutMinutes: 240 },
    });
    expect(outputs).toMatchObject({
      fromVersion: '1.34',
      toVersion: '1.33',
      updateId: expect.any(String),
      windowClosesAt: expect.any(String),
    });
    expect(outputs.nodegroups).toEqual([
      { name: 'system', from: '1.34', to: '1.33' },
    ]);
    expect((outputs.rollbackPlan as string[]).length).toBeGreaterThan(0);
  });

  it('writes nothing in a dry run and shows the plan and when the window closes', async () => {
    await upgradeDemo();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(await clusterVersion()).toBe('1.34');
    expect(outputs).toMatchObject({ fromVersion: '1.34', toVersion: '1.33' });
    const closes = new Date(outputs.windowClosesAt as string).getTime();
    const days = (closes - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const plan = (outputs.rollbackPlan as string[]).join('\n');
    expect(plan).toContain('1.33');
    expect(plan).toMatch(/system/);
  });

  it("resumes after a crash right after the control plane's checkpoint without starting a second rollback", async () => {
    await upgradeDemo();
    const resumed = await runCrashedThenResumed(
      action,
      input,
      '/cluster-rollback/demo/1.33',
    );
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:UpdateClusterVersion')).toHaveLength(1);
    expect(resumed.outputs.toVersion).toBe('1.33');
    expect(await clusterVersion()).toBe('1.33');
  });

  it('refuses a cluster that was created at its version (nothing to roll back) before any write', async () => {
    harness.sandbox.clearWrites();
    await expect(action().handler(actionContext(input).ctx)).rejects.toThrow(
      /roll(ed)? ?back/i,
    );
    expect(harness.sandbox.writes).toEqual([]);
    expect(await clusterVersion()).toBe('1.33');
  });

  it.each([
    [
      { clusterName: 'demo cluster' },
      /^clusterName must start with a letter or digit/,
    ],
    [
      { timeoutMinutes: 119 },
      /^timeoutMinutes must be a whole number from 120 to 10080/,
    ],
    [
      { timeoutMinutes: 10081 },
      /^timeoutMinutes must be a whole number from 120 to 10080/,
    ],
    [
      { timeoutMinutes: 150.5 },
      /^timeoutMinutes must be a whole number from 120 to 10080/,
    ],
    [{ accountId: '1234' }, /^accountId must be a 12-digit AWS account id/],
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
    const refused = createEksClusterRollbackAction({
      ...harness.options,
      permissions,
    });
    harness.sandbox.clearWrites();
    await expect(
      refused.handler(actionContext(input).ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'may not run aws:eks:cluster:rollback: it needs the permission eks.cluster.upgrade on resource:default/demo',
      ),
    });
    expect(checked.map(r => [r.permission.name, r.resourceRef])).toEqual([
      ['eks.cluster.upgrade', 'resource:default/demo'],
    ]);
    expect(harness.sandbox.writes).toEqual([]);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      await upgradeDemo();
      const stepInput = exampleInput(example);
      const { ctx, outputs } = actionContext(stepInput);
      await action().handler(ctx);
      expect(outputs.toVersion).toBe('1.33');
      expect(await clusterVersion(stepInput.clusterName)).toBe('1.33');
    },
  );
});
