import { KubernetesCluster } from '../KubernetesCluster.ts';
import { seedDemoKubernetes } from '../seed.ts';
import type { KarpenterAwsView, KubeObject } from '../types.ts';

/** A small AWS account: what Karpenter's node class controller can find. */
function fakeAws() {
  const roles = new Set<string>(['KarpenterNodeRole-demo']);
  const subnets = [
    {
      id: 'subnet-b',
      zone: 'eu-west-1b',
      zoneId: 'euw1-az2',
      availableIpAddressCount: 200,
      tags: { 'karpenter.sh/discovery': 'demo' },
    },
    {
      id: 'subnet-a',
      zone: 'eu-west-1a',
      zoneId: 'euw1-az1',
      availableIpAddressCount: 250,
      tags: { 'karpenter.sh/discovery': 'demo' },
    },
    {
      id: 'subnet-other',
      zone: 'eu-west-1a',
      zoneId: 'euw1-az1',
      availableIpAddressCount: 250,
      tags: { 'karpenter.sh/discovery': 'other' },
    },
  ];
  const securityGroups = [
    {
      id: 'sg-1',
      name: 'eks-cluster-sg-demo',
      tags: { 'karpenter.sh/discovery': 'demo' },
    },
  ];
  const view: KarpenterAwsView = {
    roleExists: name => roles.has(name),
    instanceProfileExists: () => false,
    subnets: () => subnets,
    securityGroups: () => securityGroups,
  };
  return { roles, view };
}

function conditions(obj: KubeObject | undefined) {
  return Object.fromEntries(
    (
      (obj?.status as { conditions?: Array<{ type: string; status: string }> })
        ?.conditions ?? []
    ).map(c => [c.type, c.status]),
  );
}

describe('EC2NodeClass status from what exists in AWS', () => {
  it('is Ready with the subnets, security groups and instance profile it resolved', () => {
    const { view } = fakeAws();
    const cluster = new KubernetesCluster({
      name: 'demo',
      recordWrite: () => {},
      hooks: { podIdentityAgentActive: () => true, aws: view },
    });
    seedDemoKubernetes(cluster, { zones: ['eu-west-1a'], nodeGroup: 'system' });
    const nodeClass = cluster.get(
      'karpenter.k8s.aws/v1',
      'EC2NodeClass',
      undefined,
      'default',
    )!;
    expect(conditions(nodeClass)).toEqual({
      SubnetsReady: 'True',
      SecurityGroupsReady: 'True',
      InstanceProfileReady: 'True',
      AMIsReady: 'True',
      ValidationSucceeded: 'True',
      Ready: 'True',
    });
    expect(nodeClass.status).toMatchObject({
      // most free addresses first, as Karpenter orders them
      subnets: [
        { id: 'subnet-a', zone: 'eu-west-1a', zoneID: 'euw1-az1' },
        { id: 'subnet-b', zone: 'eu-west-1b', zoneID: 'euw1-az2' },
      ],
      securityGroups: [{ id: 'sg-1', name: 'eks-cluster-sg-demo' }],
      instanceProfile: expect.stringMatching(/^demo_/),
    });
  });

  it('is not Ready while its role is missing or its selectors match nothing, and the NodePool neither, until fixed', () => {
    const { roles, view } = fakeAws();
    roles.clear();
    const cluster = new KubernetesCluster({
      name: 'demo',
      recordWrite: () => {},
      hooks: { podIdentityAgentActive: () => true, aws: view },
    });
    seedDemoKubernetes(cluster, { zones: ['eu-west-1a'], nodeGroup: 'system' });
    const nodeClass = () =>
      cluster.get('karpenter.k8s.aws/v1', 'EC2NodeClass', undefined, 'default');
    const pool = () =>
      cluster.get('karpenter.sh/v1', 'NodePool', undefined, 'default');
    expect(conditions(nodeClass())).toMatchObject({
      InstanceProfileReady: 'Unknown',
      Ready: 'Unknown',
    });
    expect(conditions(pool())).toMatchObject({
      NodeClassReady: 'Unknown',
      Ready: 'Unknown',
    });
    // no node is launched for a pool whose node class is not Ready
    expect(cluster.list('karpenter.sh/v1', 'NodeClaim')).toEqual([]);

    const spec = nodeClass()!.spec as Record<string, unknown>;
    cluster.apply({
      ...nodeClass()!,
      spec: {
        ...spec,
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'nope' } }],
        securityGroupSelectorTerms: [{ id: 'sg-missing' }],
      },
    });
    expect(nodeClass()!.status).toMatchObject({
      conditions: expect.arrayContaining([
        {
          type: 'SubnetsReady',
          status: 'False',
          reason: 'SubnetsNotFound',
          message: 'SubnetSelector did not match any Subnets',
          lastTransitionTime: expect.any(String),
          observedGeneration: expect.any(Number),
        },
        expect.objectContaining({
          type: 'SecurityGroupsReady',
          status: 'False',
          reason: 'SecurityGroupsNotFound',
        }),
        expect.objectContaining({
          type: 'Ready',
          status: 'False',
          reason: 'UnhealthyDependents',
          message:
            'SubnetsReady=False, SecurityGroupsReady=False, InstanceProfileReady=Unknown',
        }),
      ]),
    });
    expect(nodeClass()!.status).not.toHaveProperty('subnets');

    roles.add('KarpenterNodeRole-demo');
    cluster.apply({
      ...nodeClass()!,
      spec: {
        ...spec,
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': '*' } }],
        securityGroupSelectorTerms: [{ name: 'eks-cluster-sg-demo' }],
      },
    });
    expect(conditions(nodeClass()).Ready).toBe('True');
    expect(
      (nodeClass()!.status as { subnets: unknown[] }).subnets,
    ).toHaveLength(3);
    expect(conditions(pool())).toMatchObject({
      NodeClassReady: 'True',
      Ready: 'True',
    });
    expect(cluster.list('karpenter.sh/v1', 'NodeClaim').length).toBeGreaterThan(
      0,
    );
  });
});
