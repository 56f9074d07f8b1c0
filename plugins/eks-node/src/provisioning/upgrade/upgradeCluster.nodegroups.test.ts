import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  waitUntilClusterActive,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { upgradeCluster } from './upgradeCluster';

jest.setTimeout(120_000);

const ctx = useSandboxRun({ latencyFactor: 0.001 });
const deps = { kubernetes: new KubernetesClientFactory() };
const opts = { clusterName: 'old', targetVersion: '1.34' };

/**
 * A cluster at 1.32 with a node group, upgraded to 1.33 with its node
 * groups left alone: its node group is then one version behind (EKS
 * creates node groups only at the cluster's version).
 */
async function arrangeNodegroupBehind() {
  const { eks } = arrangeClients(ctx.run.aws);
  const [{ cluster: demo }, { nodegroup: system }] = await Promise.all([
    eks.send(new DescribeClusterCommand({ name: 'demo' })),
    eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    ),
  ]);
  await eks.send(
    new CreateClusterCommand({
      name: 'old',
      version: '1.32',
      roleArn: demo!.roleArn,
      resourcesVpcConfig: { subnetIds: demo!.resourcesVpcConfig!.subnetIds },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
    }),
  );
  const waits = { client: eks, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.1 };
  await waitUntilClusterActive(waits as never, { name: 'old' });
  await eks.send(
    new CreateNodegroupCommand({
      clusterName: 'old',
      nodegroupName: 'workers',
      nodeRole: system!.nodeRole,
      subnets: system!.subnets,
      amiType: 'AL2023_x86_64_STANDARD',
      instanceTypes: ['m7i.large'],
      scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
      updateConfig: { maxUnavailable: 1 },
    }),
  );
  await waitUntilNodegroupActive(waits as never, {
    clusterName: 'old',
    nodegroupName: 'workers',
  });
  const first = await upgradeCluster(
    ctx.run,
    { clusterName: 'old', targetVersion: '1.33', upgradeNodegroups: false },
    deps,
  );
  expect(first.lagging).toContainEqual(
    expect.stringMatching(/^node group workers runs Kubernetes 1\.32 /),
  );
  return eks;
}

describe('upgradeCluster with a node group behind the cluster', () => {
  it('brings it to the cluster version before the control plane, then both to the target', async () => {
    const eks = await arrangeNodegroupBehind();
    const arranged = ctx.sandbox.writes.length;

    const result = await upgradeCluster(ctx.run, opts, deps);

    expect(result.plan).toContain(
      "Before the control plane: node group workers 1.32 -> 1.33 (the cluster's version), 1 node at a time.",
    );
    expect(result.nodegroups).toEqual([
      { name: 'workers', from: '1.32', to: '1.33' },
      { name: 'workers', from: '1.33', to: '1.34' },
    ]);
    const order = ctx.sandbox.writes
      .slice(arranged)
      .filter(w =>
        ['UpdateNodegroupVersion', 'UpdateClusterVersion'].includes(
          w.operation,
        ),
      )
      .map(
        w =>
          `${w.operation} ${w.params.nodegroupName ?? ''} ${w.params.version}`,
      );
    expect(order[0]).toBe('UpdateNodegroupVersion workers 1.33');
    expect(order[1]).toBe('UpdateClusterVersion  1.34');
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'old',
        nodegroupName: 'workers',
      }),
    );
    expect(nodegroup?.version).toBe('1.34');
  });

  it('refuses, even forced, when asked to leave node groups alone while one is behind (EKS would refuse the upgrade)', async () => {
    await arrangeNodegroupBehind();
    const arranged = ctx.writes().length;
    const error = await upgradeCluster(
      ctx.run,
      { ...opts, upgradeNodegroups: false, force: true },
      deps,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^targetVersion: the upgrade of cluster old to Kubernetes 1\.34 is blocked \(even with force\); nothing was changed:\n- Node group workers behind the cluster \(ERROR\): Node group workers runs Kubernetes 1\.32, the cluster 1\.33: .* Fix: Let the upgrade bring it to 1\.33 first \(upgradeNodegroups true\)/,
    );
    expect(ctx.writes().slice(arranged)).toEqual(['eks:StartInsightsRefresh']);
  });
});
