import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import {
  clusterKubernetesClients,
  useSandboxRun,
} from '../../__testUtils__/sandboxRun';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import {
  Checkpoint,
  CheckpointValue,
  ProvisioningRun,
} from '../ProvisioningRun';
import { planClusterUpgrade, upgradeCluster } from './upgradeCluster';

jest.setTimeout(120_000);

const ctx = useSandboxRun({ latencyFactor: 0.001 });
const deps = { kubernetes: new KubernetesClientFactory() };
const opts = { clusterName: 'demo', targetVersion: '1.34' };

/** The sandbox's writes that change the cluster's versions. */
const VERSION_WRITES = [
  'eks:UpdateClusterVersion',
  'eks:UpdateAddon',
  'eks:UpdateNodegroupVersion',
];
const versionWrites = () =>
  ctx.writes().filter(w => VERSION_WRITES.includes(w));

async function clusterVersion(): Promise<string | undefined> {
  const { eks } = arrangeClients(ctx.run.aws);
  const out = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
  return out.cluster?.version;
}

describe('upgradeCluster', () => {
  it('upgrades the demo cluster (add-ons, node group, Karpenter) one minor version, then a re-run only reports', async () => {
    expect(await clusterVersion()).toBe('1.33');
    const result = await upgradeCluster(ctx.run, opts, deps);

    expect(await clusterVersion()).toBe('1.34');
    expect(result).toMatchObject({
      clusterName: 'demo',
      fromVersion: '1.33',
      toVersion: '1.34',
      alreadyAtTarget: false,
      nodegroups: [{ name: 'system', from: '1.33', to: '1.34' }],
    });
    expect(result.updateId).toMatch(/\S/);
    expect(result.plan[0]).toBe(
      'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
    );
    expect(result.plan).toContain(
      'Control plane: UpdateClusterVersion 1.33 -> 1.34, waited for until it succeeds.',
    );
    expect(result.steps.map(s => s.title)).toHaveLength(6);
    expect(result.steps.every(s => s.elapsedMs >= 0)).toBe(true);
    // every add-on ends on a version EKS offers for 1.34
    expect(result.addons.length).toBeGreaterThan(0);
    for (const a of result.addons) expect(a.to).not.toBe(a.from);
    // the plan was logged before the first write
    const firstPlan = ctx.messages.findIndex(m => m.startsWith('Plan: '));
    const firstWrite = ctx.messages.findIndex(m =>
      m.startsWith('Update EKS cluster demo'),
    );
    expect(firstPlan).toBeGreaterThanOrEqual(0);
    expect(firstPlan).toBeLessThan(firstWrite);
    expect(
      ctx.writes().filter(w => w === 'eks:UpdateClusterVersion'),
    ).toHaveLength(1);
    expect(
      ctx.writes().filter(w => w === 'eks:UpdateNodegroupVersion'),
    ).toHaveLength(1);

    const before = versionWrites().length;
    const again = await upgradeCluster(ctx.run, opts, deps);
    expect(again.alreadyAtTarget).toBe(true);
    expect(again.plan[0]).toMatch(/already at Kubernetes 1.34/);
    expect(again.addons).toEqual([]);
    expect(again.nodegroups).toEqual([]);
    expect(again.updateId).toBeUndefined();
    expect(versionWrites()).toHaveLength(before);
  });

  it("keeps each add-on's configuration values through its updates", async () => {
    const { eks } = arrangeClients(ctx.run.aws);
    const configuration = 'replicaCount: 3\nautoScaling:\n  enabled: false\n';
    await eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'coredns',
        configurationValues: configuration,
      }),
    );
    await waitUntilAddonActive(
      { client: eks, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.1 } as never,
      { clusterName: 'demo', addonName: 'coredns' },
    );
    const arranged = ctx.sandbox.writes.length;

    const result = await upgradeCluster(ctx.run, opts, deps);

    const corednsUpdates = ctx.sandbox.writes
      .slice(arranged)
      .filter(
        w => w.operation === 'UpdateAddon' && w.params.addonName === 'coredns',
      );
    expect(corednsUpdates.length).toBeGreaterThan(0);
    for (const update of corednsUpdates) {
      expect(update.params).toMatchObject({
        configurationValues: configuration,
        resolveConflicts: 'PRESERVE',
      });
    }
    expect(result.plan).toContainEqual(
      expect.stringMatching(/^Before the control plane: add-on coredns /),
    );
    const { addon } = await eks.send(
      new DescribeAddonCommand({ clusterName: 'demo', addonName: 'coredns' }),
    );
    expect(addon?.configurationValues).toBe(configuration);
  });

  it("stops before any change when an add-on's configuration values do not fit the new version's schema", async () => {
    // values an older schema allowed: the sandbox's schema for coredns now wants replicaCount >= 1
    const { sandbox } = ctx;
    const coredns = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.addons.get('demo')!
      .get('coredns')!;
    coredns.configurationValues = 'replicaCount: 0\n';

    const error = await upgradeCluster(ctx.run, opts, deps).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^targetVersion: add-on coredns cannot move to v\S+ for Kubernetes 1\.33 with its configuration kept: .*replicaCount/,
    );
    expect(ctx.writes()).toEqual(['eks:StartInsightsRefresh']);
  });

  it('shows the plan in a dry run and writes nothing', async () => {
    const dry = ctx.runWith({ dryRun: true });
    const result = await upgradeCluster(dry, opts, deps);
    expect(ctx.writes()).toEqual([]);
    expect(await clusterVersion()).toBe('1.33');
    expect(result.plan).toEqual(
      expect.arrayContaining([
        'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
        'Control plane: UpdateClusterVersion 1.33 -> 1.34, waited for until it succeeds.',
        expect.stringMatching(
          /^Node group system: 1\.33 -> 1\.34 \(UpdateNodegroupVersion; /,
        ),
      ]),
    );
    expect(result.steps).toHaveLength(1);
    expect(result.updateId).toBeUndefined();
    // planClusterUpgrade gives the same plan
    const plan = await planClusterUpgrade(dry, opts, deps);
    expect(plan.plan).toEqual(result.plan);
  });

  it('refuses a target that is not the next minor version before any call that writes', async () => {
    for (const targetVersion of ['1.35', '1.32', '1.34.1']) {
      await expect(
        upgradeCluster(ctx.run, { ...opts, targetVersion }, deps),
      ).rejects.toThrow(/^targetVersion /);
    }
    await expect(
      upgradeCluster(ctx.run, { ...opts, clusterName: 'nope' }, deps),
    ).rejects.toThrow(/clusterName: no EKS cluster "nope"/);
    expect(ctx.writes()).toEqual([]);
  });

  it('stops on a PodDisruptionBudget that blocks draining, naming it and its fix, with no change made', async () => {
    const k8s = await clusterKubernetesClients(ctx.run);
    const pods = await k8s.core.listPodForAllNamespaces();
    const onSystem = (pods.items ?? []).find(
      p =>
        p.metadata?.labels?.app &&
        p.metadata.namespace &&
        p.spec?.nodeName?.length,
    );
    expect(onSystem).toBeDefined();
    const namespace = onSystem!.metadata!.namespace!;
    const app = onSystem!.metadata!.labels!.app;
    await k8s.objects.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: `${app}-strict`, namespace },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app } } },
    } as never);
    const arranged = ctx.writes().length;

    const error = await upgradeCluster(ctx.run, opts, deps).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      new RegExp(
        `^targetVersion: the upgrade of cluster demo to Kubernetes 1.34 is blocked; nothing was changed:\\n- PodDisruptionBudget ${namespace}/${app}-strict blocks draining \\(ERROR\\): .* Fix: Scale the workload up`,
      ),
    );
    expect(error.message).toMatch(/set force to override them/);
    // only the insights refresh, which the preflight needs to judge
    expect(ctx.writes().slice(arranged)).toEqual(['eks:StartInsightsRefresh']);
    expect(await clusterVersion()).toBe('1.33');
  });

  it('stops on a readiness insight ERROR the upgrade does not fix, naming it and its fix; force overrides it', async () => {
    const { sandbox } = ctx;
    const demo = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.clusters.get('demo')!;
    demo.healthIssues.push({
      code: 'Ec2SecurityGroupNotFound',
      message: 'The cluster security group was deleted.',
      resourceIds: ['sg-0123'],
    });

    const error = await upgradeCluster(ctx.run, opts, deps).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /\n- Cluster health issues \(ERROR, EKS insight [0-9a-f-]+\): Ec2SecurityGroupNotFound\. Fix: Refer to the cluster health issue details/,
    );
    // the add-on compatibility ERROR is one the upgrade fixes itself: reported, not blocking
    expect(error.message).not.toMatch(/add-on version compatibility/);
    expect(ctx.writes()).toEqual(['eks:StartInsightsRefresh']);

    const forced = await upgradeCluster(
      ctx.run,
      { ...opts, force: true },
      deps,
    );
    expect(await clusterVersion()).toBe('1.34');
    expect(forced.findings.map(f => f.name)).toContain('Cluster health issues');
    expect(
      sandbox.writes.find(w => w.operation === 'UpdateClusterVersion')?.params,
    ).toMatchObject({ version: '1.34', force: true });
  });

  it('resumes an upgrade whose update ends between the cluster read (UPDATING) and the updates listed (Successful)', async () => {
    const { eks } = arrangeClients(ctx.run.aws);
    await eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    // the update ends (0.18 s at this latency factor) while ListUpdates is
    // on its way: the cluster was read UPDATING at 1.33
    ctx.sandbox.faults.set({
      service: 'eks',
      operation: 'ListUpdates',
      latencyMs: 1_500,
      count: 1,
    });
    const result = await upgradeCluster(ctx.run, opts, deps);
    expect(await clusterVersion()).toBe('1.34');
    expect(result).toMatchObject({ clusterName: 'demo', toVersion: '1.34' });
    expect(ctx.sandbox.faults.list()).toEqual([]);
    expect(
      ctx.writes().filter(w => w === 'eks:UpdateClusterVersion'),
    ).toHaveLength(1);
  });

  it('completes on resume after a kill at each checkpoint (before or after it is stored), repeating no write', async () => {
    const runWith = (checkpoint: Checkpoint) =>
      new ProvisioningRun({
        aws: ctx.run.aws,
        wait: ctx.run.wait,
        logger: ctx.run.logger,
        checkpoint,
      });
    /**
     * A task's checkpoint store; the task dies right after the k-th write,
     * before its checkpoint is stored (`unstored`) or after.
     */
    const store = (
      stored: Map<string, CheckpointValue | void>,
      k?: number,
      unstored = false,
    ) =>
      (async (key: string, fn: () => Promise<CheckpointValue | void>) => {
        if (stored.has(key)) return stored.get(key);
        const value = await fn();
        if (unstored && stored.size + 1 === k) {
          throw new Error(`killed after ${key}`);
        }
        stored.set(key, value);
        if (stored.size === k) throw new Error(`killed after ${key}`);
        return value;
      }) as Checkpoint;

    // the reference run: its checkpoints and writes
    const reference = new Map<string, CheckpointValue | void>();
    await upgradeCluster(runWith(store(reference)), opts, deps);
    const keys = [...reference.keys()];
    const referenceWrites = versionWrites();
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/update\/insights-refresh\/demo\//),
        expect.stringMatching(/\/update\/cluster-version\/demo\/1\.34$/),
        expect.stringMatching(
          /\/update\/nodegroup-version\/demo\/system\/1\.34$/,
        ),
      ]),
    );

    const kills = keys.flatMap((_, i) => [
      { k: i + 1, unstored: false },
      { k: i + 1, unstored: true },
    ]);
    for (const { k, unstored } of kills) {
      await ctx.sandbox.reset();
      const stored = new Map<string, CheckpointValue | void>();
      await expect(
        upgradeCluster(runWith(store(stored, k, unstored)), opts, deps),
      ).rejects.toThrow(`killed after ${keys[k - 1]}`);
      const result = await upgradeCluster(runWith(store(stored)), opts, deps);
      expect({ k, unstored, version: await clusterVersion() }).toEqual({
        k,
        unstored,
        version: '1.34',
      });
      expect(result.toVersion).toBe('1.34');
      expect({ k, unstored, writes: versionWrites().sort() }).toEqual({
        k,
        unstored,
        writes: [...referenceWrites].sort(),
      });
    }
  });
});
