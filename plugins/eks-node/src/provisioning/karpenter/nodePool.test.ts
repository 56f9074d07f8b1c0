import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { tagClusterForDiscovery } from './discoveryTags';
import { applyDefaultNodePool, clusterZones } from './nodePool';

describe('the default NodePool and discovery tag steps on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const kubernetes = new KubernetesClientFactory();
  const pool = {
    clusterName: 'demo',
    nodeRoleName: 'demo-karpenter-node',
    create: true,
  };

  useSandboxSuite(s => ({ sandbox, run } = s));

  it("reads the zones of the cluster's subnets", async () => {
    expect(await clusterZones(run, await requireCluster(run, 'demo'))).toEqual(
      ['a', 'b', 'c'].map(z => `${sandbox.region}${z}`),
    );
    expect(await clusterZones(run, undefined)).toEqual([]);
  });

  it("keeps demo's own NodePool and EC2NodeClass, which another made, as they are", async () => {
    sandbox.clearWrites();
    await applyDefaultNodePool(
      run,
      kubernetes,
      await requireCluster(run, 'demo'),
      pool,
    );
    expect(sandbox.writes).toEqual([]);
    expect(run.notes.join('\n')).toMatch(
      /NodePool default was not made by this request/,
    );
  });

  it('applies nothing when not asked, and plans for a cluster not made yet', async () => {
    const cluster = await requireCluster(run, 'demo');
    sandbox.clearWrites();
    await applyDefaultNodePool(run, kubernetes, cluster, {
      ...pool,
      create: false,
    });
    expect(sandbox.writes).toEqual([]);
    await applyDefaultNodePool(run, kubernetes, undefined, pool);
    expect(run.plan).toEqual([
      {
        action: 'apply',
        resource: 'EC2NodeClass default, NodePool default',
        detail: 'server-side apply',
      },
    ]);
  });

  it('tags the cluster security group for discovery (the subnets carry the tag), and plans it for a cluster not made yet', async () => {
    const cluster = await requireCluster(run, 'demo');
    sandbox.clearWrites();
    expect(await tagClusterForDiscovery(run, 'demo', cluster)).toEqual([]);
    const tagged = sandbox.writes.filter(w => w.operation === 'CreateTags');
    expect(tagged.length).toBeLessThanOrEqual(1);
    sandbox.clearWrites();
    await tagClusterForDiscovery(run, 'demo', cluster);
    expect(sandbox.writes).toEqual([]);
    expect(await tagClusterForDiscovery(run, 'new-one', undefined)).toEqual([]);
    expect(run.plan.at(-1)).toEqual({
      action: 'tag',
      resource: 'cluster private subnets and security group',
      detail: 'karpenter.sh/discovery=new-one',
    });
  });
});
