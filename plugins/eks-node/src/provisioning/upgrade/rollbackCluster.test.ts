import {
  CreateClusterCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import {
  Checkpoint,
  CheckpointValue,
  ProvisioningRun,
} from '../ProvisioningRun';
import { planClusterRollback, rollbackCluster } from './rollbackCluster';
import { upgradeCluster } from './upgradeCluster';

jest.setTimeout(120_000);

const ctx = useSandboxRun({ latencyFactor: 0.001 });
const deps = { kubernetes: new KubernetesClientFactory() };
const DAY_MS = 86_400_000;

async function versions() {
  const { eks } = arrangeClients(ctx.run.aws);
  const [cluster, nodegroup, kubeProxy] = await Promise.all([
    eks.send(new DescribeClusterCommand({ name: 'demo' })),
    eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    ),
    eks.send(
      new DescribeAddonCommand({
        clusterName: 'demo',
        addonName: 'kube-proxy',
      }),
    ),
  ]);
  return {
    cluster: cluster.cluster?.version,
    nodegroup: nodegroup.nodegroup?.version,
    kubeProxy: kubeProxy.addon?.addonVersion,
  };
}

async function upgradeDemo() {
  await upgradeCluster(
    ctx.runWith({}),
    { clusterName: 'demo', targetVersion: '1.34' },
    deps,
  );
  ctx.messages.length = 0;
}

describe('rollbackCluster', () => {
  it('rolls an upgraded cluster back within the window: node groups first, then the control plane, then kube-proxy', async () => {
    await upgradeDemo();
    expect(await versions()).toMatchObject({
      cluster: '1.34',
      nodegroup: '1.34',
    });
    const upgradeWrites = ctx.writes().length;

    const result = await rollbackCluster(
      ctx.run,
      { clusterName: 'demo', timeoutMinutes: 180 },
      deps,
    );

    expect(await versions()).toEqual({
      cluster: '1.33',
      nodegroup: '1.33',
      kubeProxy: expect.stringMatching(/^v1\.33\./),
    });
    expect(result).toMatchObject({
      clusterName: 'demo',
      fromVersion: '1.34',
      toVersion: '1.33',
      nodegroups: [{ name: 'system', from: '1.34', to: '1.33' }],
      addons: [{ name: 'kube-proxy', to: expect.stringMatching(/^v1\.33\./) }],
      lagging: [],
    });
    expect(Date.parse(result.windowClosesAt ?? '')).toBeGreaterThan(
      Date.now() + 6 * DAY_MS,
    );
    // the kubelet skew insight is fixed by the rollback itself: reported, not blocking
    expect(result.findings.map(f => f.name)).toContain(
      'Kubelet version skew for rollback',
    );
    const writes = ctx.writes().slice(upgradeWrites);
    expect(writes).toEqual([
      'eks:StartInsightsRefresh',
      'eks:UpdateNodegroupVersion',
      // the insights again, so that the node group just rolled back no longer blocks it
      'eks:StartInsightsRefresh',
      'eks:UpdateClusterVersion',
      'eks:UpdateAddon',
    ]);
    const rollback = ctx.sandbox.writes.find(
      (w, i) => i >= upgradeWrites && w.operation === 'UpdateClusterVersion',
    );
    expect(rollback?.params).toMatchObject({
      version: '1.33',
      rollbackConfig: { timeoutMinutes: 180 },
    });

    // a repeated run finds the rollback done and changes nothing
    const before = ctx.writes().length;
    const again = await rollbackCluster(ctx.run, { clusterName: 'demo' }, deps);
    expect(again).toMatchObject({
      fromVersion: '1.33',
      toVersion: '1.33',
      plan: [
        `Cluster demo was already rolled back to Kubernetes 1.33 (update ${result.updateId}): nothing to do.`,
      ],
      addons: [],
      nodegroups: [],
      updateId: undefined,
    });
    expect(ctx.writes()).toHaveLength(before);
  });

  it('finishes kube-proxy on resume after a kill once the control plane rollback was asked for, repeating no write', async () => {
    await upgradeDemo();
    const stored = new Map<string, CheckpointValue | void>();
    const checkpoint = (async (
      key: string,
      fn: () => Promise<CheckpointValue | void>,
    ) => {
      if (stored.has(key)) return stored.get(key);
      const value = await fn();
      stored.set(key, value);
      if (/\/cluster-rollback\//.test(key))
        throw new Error(`killed after ${key}`);
      return value;
    }) as Checkpoint;
    const task = () =>
      new ProvisioningRun({
        aws: ctx.run.aws,
        wait: ctx.run.wait,
        logger: ctx.run.logger,
        checkpoint,
      });
    await expect(
      rollbackCluster(task(), { clusterName: 'demo' }, deps),
    ).rejects.toThrow(/killed after .*cluster-rollback/);
    // the task is down while EKS completes the rollback
    for (let i = 0; (await versions()).cluster !== '1.33'; i++) {
      if (i > 200) throw new Error('the rollback did not complete');
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const writes = ctx.writes().length;

    const resumed = await rollbackCluster(
      task(),
      { clusterName: 'demo' },
      deps,
    );

    expect(await versions()).toEqual({
      cluster: '1.33',
      nodegroup: '1.33',
      kubeProxy: expect.stringMatching(/^v1\.33\./),
    });
    expect(resumed.addons).toEqual([
      expect.objectContaining({
        name: 'kube-proxy',
        from: expect.stringMatching(/^v1\.34\./),
      }),
    ]);
    expect(ctx.writes().slice(writes)).toEqual(['eks:UpdateAddon']);
  });

  it('shows the rollback plan in a dry run without writing', async () => {
    await upgradeDemo();
    const before = ctx.writes().length;
    const plan = await planClusterRollback(
      ctx.runWith({ dryRun: true }),
      { clusterName: 'demo' },
      deps,
    );
    expect(plan.plan).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Roll cluster demo back from Kubernetes 1\.34 to 1\.33 \(the rollback window closes at /,
        ),
        expect.stringMatching(/^Node group system: 1\.34 -> 1\.33 first/),
        'Control plane: UpdateClusterVersion 1.34 -> 1.33, waited for until it succeeds.',
      ]),
    );
    expect(ctx.writes()).toHaveLength(before);
    expect((await versions()).cluster).toBe('1.34');
  });

  it('refuses once the window closed, naming when, before any write', async () => {
    await upgradeDemo();
    ctx.sandbox.ageCluster('demo', 8 * DAY_MS);
    const before = ctx.writes().length;
    const error = await rollbackCluster(
      ctx.run,
      { clusterName: 'demo', force: true },
      deps,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^clusterName: cluster demo cannot be rolled back: the rollback window closed at \d{4}-\d\d-\d\dT[\d:.]+Z, 7 days after the upgrade to 1\.34/,
    );
    expect(ctx.writes()).toHaveLength(before);
    expect((await versions()).cluster).toBe('1.34');
  });

  it('refuses to go back to a version in extended support under the STANDARD upgrade policy, before any write', async () => {
    const { eks } = arrangeClients(ctx.run.aws);
    const { cluster: demo } = await eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    await eks.send(
      new CreateClusterCommand({
        name: 'standard',
        version: '1.32',
        roleArn: demo!.roleArn,
        resourcesVpcConfig: { subnetIds: demo!.resourcesVpcConfig!.subnetIds },
        accessConfig: {
          authenticationMode: 'API',
          bootstrapClusterCreatorAdminPermissions: true,
        },
        upgradePolicy: { supportType: 'STANDARD' },
      }),
    );
    await waitUntilClusterActive(
      { client: eks, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.1 } as never,
      { name: 'standard' },
    );
    await upgradeCluster(
      ctx.run,
      { clusterName: 'standard', targetVersion: '1.33' },
      deps,
    );
    const before = ctx.writes().length;
    await expect(
      rollbackCluster(ctx.run, { clusterName: 'standard', force: true }, deps),
    ).rejects.toThrow(
      /^clusterName: cluster standard cannot be rolled back to 1\.32: 1\.32 is in extended support and the cluster's upgrade policy \(upgradePolicy\.supportType\) is STANDARD; set it to EXTENDED first/,
    );
    expect(ctx.writes()).toHaveLength(before);
  });

  it('refuses a cluster that was never upgraded in place, and bad options', async () => {
    await expect(
      rollbackCluster(ctx.run, { clusterName: 'demo' }, deps),
    ).rejects.toThrow(
      /^clusterName: cluster demo cannot be rolled back: EKS rolls back only a cluster upgraded in place/,
    );
    await expect(
      rollbackCluster(
        ctx.run,
        { clusterName: 'demo', timeoutMinutes: 60 },
        deps,
      ),
    ).rejects.toThrow(/^timeoutMinutes /);
    expect(ctx.writes()).toEqual([]);
  });
});
