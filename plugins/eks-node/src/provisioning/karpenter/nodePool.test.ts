import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
} from '@aws-sdk/client-ec2';
import { tagClusterForDiscovery } from './discoveryTags';
import { applyDefaultNodePool, clusterZones } from './nodePool';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

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

  it("tags the private subnets and the security group the cluster's nodes run with, not a public subnet nor the cluster security group they do not use", async () => {
    const cluster = await requireCluster(run, 'demo');
    const vpcId = cluster.resourcesVpcConfig!.vpcId!;
    const { ec2 } = arrangeClients(run.aws);
    // a dedicated node security group, as terraform-aws-eks makes one
    const { GroupId: nodeGroupSg } = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: `demo-dedicated-nodes-${Date.now()}`,
        Description: 'demo nodes',
        VpcId: vpcId,
      }),
    );
    const regional = (sandbox.state as any).accounts
      .get(sandbox.accountId)
      .regions.get(sandbox.region);
    for (const instance of regional.ec2.instances.values()) {
      if (instance.tags['eks:cluster-name'] === 'demo') {
        instance.securityGroupIds = [nodeGroupSg];
      }
    }
    // and a public subnet among the cluster's
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '10.0.250.0/24',
        AvailabilityZone: `${sandbox.region}a`,
        TagSpecifications: [
          {
            ResourceType: 'subnet',
            Tags: [{ Key: 'kubernetes.io/role/elb', Value: '1' }],
          },
        ],
      }),
    );
    const withPublic = {
      ...cluster,
      resourcesVpcConfig: {
        ...cluster.resourcesVpcConfig,
        subnetIds: [
          ...cluster.resourcesVpcConfig!.subnetIds!,
          Subnet!.SubnetId!,
        ],
      },
    };
    sandbox.clearWrites();
    await tagClusterForDiscovery(run, 'demo', withPublic);
    // demo's private subnets carry the tag already: only the node group's
    // security group is tagged, not the public subnet, not the cluster
    // security group the nodes do not run with
    const tagged = sandbox.writes
      .filter(w => w.operation === 'CreateTags')
      .flatMap(
        w => (w.params as any).Resources ?? (w.params as any).ResourceId,
      );
    expect(tagged).toEqual([nodeGroupSg]);
    expect(tagged).not.toContain(
      cluster.resourcesVpcConfig!.clusterSecurityGroupId,
    );
    expect(tagged).not.toContain(Subnet!.SubnetId);
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
      resource: 'cluster private subnets and node security group',
      detail: 'karpenter.sh/discovery=new-one',
    });
  });
});
