import {
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { SourceError } from '../sources/section';
import {
  ClusterNotFoundError,
  describeCluster,
  listAddons,
  listClusterVersions,
  listFargateProfiles,
  listInsights,
  listNodegroups,
  listPodIdentityAssociations,
} from './eksLists';

/** Round 1 of the health view, each read on its own against the seeded demo cluster. */
describe('health reads keyed on the cluster name (sandbox)', () => {
  const env = useSandbox();
  const context = (over?: Parameters<typeof sandboxObserveContext>[1]) =>
    sandboxObserveContext(env.sandbox, over);

  it('describeCluster: the cluster with its version and endpoint', async () => {
    const cluster = await describeCluster(await context());
    expect(cluster).toMatchObject({
      name: 'demo',
      status: 'ACTIVE',
      version: '1.33',
      endpoint: expect.stringMatching(/^https:\/\//),
    });
  });

  it('describeCluster: a missing cluster is a ClusterNotFoundError naming DescribeCluster', async () => {
    const ctx = await context({
      clusterName: 'absent',
      maxAttempts: 1,
    });
    const error = await describeCluster(ctx).catch(e => e);
    expect(error).toBeInstanceOf(ClusterNotFoundError);
    expect(error.sectionError).toEqual({
      source: 'eks:DescribeCluster',
      message: expect.stringMatching(/^ResourceNotFoundException: /),
    });
  });

  it('describeCluster: a failure other than "not found" is a SourceError, not ClusterNotFoundError', async () => {
    env.sandbox.faults.set({
      service: 'eks',
      operation: 'DescribeCluster',
      serverErrorRate: 1,
    });
    const ctx = await context({ maxAttempts: 1 });
    const error = await describeCluster(ctx).catch(e => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).not.toBeInstanceOf(ClusterNotFoundError);
    expect(error.sectionError.source).toBe('eks:DescribeCluster');
  });

  it('listClusterVersions: every Kubernetes version EKS offers', async () => {
    const versions = await listClusterVersions(await context());
    expect(versions.map(v => v.clusterVersion)).toEqual(
      expect.arrayContaining(['1.33', '1.34']),
    );
  });

  it('listInsights: the insights EKS keeps for the cluster', async () => {
    const insights = await listInsights(await context());
    expect(insights.length).toBeGreaterThan(0);
    for (const insight of insights) {
      expect(insight).toMatchObject({
        id: expect.any(String),
        insightStatus: { status: expect.any(String) },
      });
    }
  });

  it('listNodegroups: the node group names', async () => {
    expect(await listNodegroups(await context())).toEqual(['system']);
  });

  it('listAddons: the add-on names', async () => {
    const names = await listAddons(await context());
    expect([...names].sort()).toEqual([
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
  });

  it('listPodIdentityAssociations: each association with its service account', async () => {
    const list = await listPodIdentityAssociations(await context());
    expect(list.map(a => `${a.namespace}/${a.serviceAccount}`).sort()).toEqual([
      'kube-system/aws-load-balancer-controller',
      'kube-system/karpenter',
    ]);
  });

  it('listFargateProfiles: none on the demo cluster', async () => {
    expect(await listFargateProfiles(await context())).toEqual([]);
  });

  it('gives up on a list after the time limit, naming its source', async () => {
    env.sandbox.faults.set({
      service: 'eks',
      operation: 'ListNodegroups',
      latencyMs: 3000,
    });
    const ctx = await context({ awsTimeoutMs: 200 });
    const error = await listNodegroups(ctx).catch(e => e);
    expect(error.sectionError).toEqual({
      source: 'eks:ListNodegroups',
      message: 'SourceTimeoutError: no answer within 200 ms',
    });
  });
});
