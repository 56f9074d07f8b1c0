import { applyAutoModeCompute } from '../autoMode.ts';
import { KubernetesCluster } from '../KubernetesCluster.ts';
import { nodeObject } from './nodes.ts';
import { seedDemoKubernetes } from '../seed.ts';
import type { KubeObject } from '../types.ts';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

function kubelet(node: KubeObject): string {
  return (node.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo
    .kubeletVersion;
}

function karpenterNodes(cluster: KubernetesCluster) {
  return cluster
    .list('v1', 'Node')
    .filter(n => n.metadata.labels?.['karpenter.sh/nodepool']);
}

function drifted(claim: KubeObject) {
  return (
    (claim.status as { conditions?: Array<Record<string, string>> })
      .conditions ?? []
  ).find(c => c.type === 'Drifted');
}

function setBudget(cluster: KubernetesCluster, nodes: string) {
  const pool = cluster.get(
    'karpenter.sh/v1',
    'NodePool',
    undefined,
    'default',
  )!;
  const spec = pool.spec as { disruption: Record<string, unknown> };
  cluster.apply({
    ...pool,
    spec: { ...spec, disruption: { ...spec.disruption, budgets: [{ nodes }] } },
  });
}

function newCluster(version: string) {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
    hooks: { podIdentityAgentActive: () => true },
    kubernetesVersion: version,
  });
  seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });
  return cluster;
}

describe('Karpenter drift when the control plane version changes', () => {
  it('marks NodeClaims of an al2023@latest node class Drifted (AMIDrift) and replaces them within the NodePool budget', () => {
    const cluster = newCluster('1.32');
    const before = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(
      karpenterNodes(cluster).every(n => kubelet(n).startsWith('v1.32.')),
    ).toBe(true);
    expect(before.every(c => drifted(c) === undefined)).toBe(true);

    // a budget of 0 lets Karpenter mark drift but disrupt nothing
    setBudget(cluster, '0');
    cluster.setKubernetesVersion('1.33');
    const marked = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(marked.map(c => c.metadata.name).sort()).toEqual(
      before.map(c => c.metadata.name).sort(),
    );
    for (const claim of marked) {
      expect(drifted(claim)).toMatchObject({
        status: 'True',
        reason: 'AMIDrift',
      });
    }

    // one at a time: each replacement is launched before its old node goes
    const events: string[] = [];
    cluster.onChange(change => {
      if (change.object.kind === 'NodeClaim' && change.type !== 'MODIFIED') {
        events.push(change.type);
      }
    });
    setBudget(cluster, '1');
    const after = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(after).toHaveLength(before.length);
    expect(
      after.some(c => before.some(b => b.metadata.name === c.metadata.name)),
    ).toBe(false);
    expect(after.every(c => drifted(c) === undefined)).toBe(true);
    expect(
      karpenterNodes(cluster).every(n => kubelet(n).startsWith('v1.33.')),
    ).toBe(true);
    expect(events.slice(0, 2)).toEqual(['ADDED', 'DELETED']);
    expect(events.filter(e => e === 'ADDED')).toHaveLength(before.length);
    // the evicted pods were recreated and placed again
    const shop = cluster
      .list('v1', 'Pod', 'shop')
      .map(p => p as KubeObject & { status: { phase: string } });
    expect(shop.length).toBeGreaterThan(0);
    expect(shop.every(p => p.status.phase === 'Running')).toBe(true);
  });

  it('leaves NodeClaims of a pinned AMI alone', () => {
    const cluster = newCluster('1.32');
    const nodeClass = cluster.get(
      'karpenter.k8s.aws/v1',
      'EC2NodeClass',
      undefined,
      'default',
    )!;
    cluster.apply({
      ...nodeClass,
      spec: {
        ...(nodeClass.spec as object),
        amiSelectorTerms: [{ alias: 'al2023@v20251103' }],
      },
    });
    const before = cluster.list('karpenter.sh/v1', 'NodeClaim');
    cluster.setKubernetesVersion('1.33');
    const after = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(after.map(c => c.metadata.name)).toEqual(
      before.map(c => c.metadata.name),
    );
    expect(after.every(c => drifted(c) === undefined)).toBe(true);
  });

  it('replaces Auto Mode nodes (EKS does, no Karpenter pod needed) with nodes of the new version', () => {
    const cluster = new KubernetesCluster({
      name: 'auto',
      recordWrite: () => {},
      kubernetesVersion: '1.32',
    });
    applyAutoModeCompute(cluster, {
      nodePools: ['general-purpose'],
      nodeRoleName: 'AutoNodeRole',
      subnetIds: ['subnet-1'],
    });
    const pool = cluster.get(
      'karpenter.sh/v1',
      'NodePool',
      undefined,
      'general-purpose',
    )!;
    const labels = {
      'karpenter.sh/nodepool': 'general-purpose',
      'node.kubernetes.io/instance-type': 'm6i.large',
      'topology.kubernetes.io/zone': 'eu-west-1a',
      'karpenter.sh/capacity-type': 'on-demand',
    };
    const claim = cluster.apply({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: {
        name: 'general-purpose-abcde',
        labels,
        ownerReferences: [
          {
            apiVersion: 'karpenter.sh/v1',
            kind: 'NodePool',
            name: 'general-purpose',
            uid: pool.metadata.uid!,
          },
        ],
      },
      spec: {
        nodeClassRef: {
          group: 'eks.amazonaws.com',
          kind: 'NodeClass',
          name: 'default',
        },
      },
      status: { nodeName: 'i-0123456789abcdef0' },
    });
    cluster.apply(
      nodeObject({
        name: 'i-0123456789abcdef0',
        zone: 'eu-west-1a',
        instanceType: 'm6i.large',
        capacity: { cpu: 2, memory: 8 * 2 ** 30, pods: 29 },
        labels,
        kubernetesVersion: '1.32',
        internalIp: '10.0.64.10',
        providerId: 'aws:///eu-west-1a/i-0123456789abcdef0',
      }),
    );
    expect(cluster.list('karpenter.sh/v1', 'NodeClaim')).toHaveLength(1);
    cluster.setKubernetesVersion('1.33');
    const claims = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(claims).toHaveLength(1);
    expect(claims[0].metadata.name).not.toBe(claim.metadata.name);
    expect(karpenterNodes(cluster).map(kubelet)).toEqual([
      expect.stringMatching(/^v1\.33\./),
    ]);
  });
});
