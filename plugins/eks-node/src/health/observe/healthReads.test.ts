import {
  answeredCalls,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { healthReadSteps, type HealthReads } from './healthReads';
import { startReads } from './readGraph';

describe('the reads of a health document, together (sandbox)', () => {
  const env = useSandbox();

  it('reads the demo cluster with each AWS call made once per item', async () => {
    const reads = startReads(
      healthReadSteps(await sandboxObserveContext(env.sandbox)),
    );
    const names = Object.keys(reads) as (keyof HealthReads)[];
    const settled = await Promise.allSettled(names.map(name => reads[name]));
    const failed = names.filter((_, i) => settled[i].status === 'rejected');
    expect(failed).toEqual([]);
    expect((await reads.karpenter).summary.interruptionQueue?.exists).toBe(
      true,
    );

    const aws = answeredCalls(env.log).filter(
      c => !c.startsWith('kubernetes '),
    );
    const count = (call: string) => aws.filter(c => c === call).length;
    for (const once of [
      'eks DescribeCluster',
      'eks DescribeClusterVersions',
      'eks ListInsights',
      'eks ListNodegroups',
      'eks ListAddons',
      'eks ListPodIdentityAssociations',
      'eks ListFargateProfiles',
      'eks ListCapabilities',
      'eks DescribeAddonVersions',
      'eks DescribeNodegroup',
      'sqs GetQueueUrl',
      'events ListRuleNamesByTarget',
    ]) {
      expect([once, count(once)]).toEqual([once, 1]);
    }
    expect(count('eks DescribeAddon')).toBe(5);
    expect(count('eks DescribePodIdentityAssociation')).toBe(2);
    // the demo cluster has no capabilities: none to describe
    expect(count('eks DescribeCapability')).toBe(0);
    expect(await reads.capabilities).toEqual([]);
    // the seeded associations belong to cluster controllers: no IAM reads
    // for the MSK check; the Karpenter controller's role (one inline
    // policy) is read for the policy its version needs
    expect(aws.filter(c => c.startsWith('iam ')).sort()).toEqual([
      'iam GetRolePolicy',
      'iam ListAttachedRolePolicies',
      'iam ListRolePolicies',
    ]);
  });

  it("fails every read that needs the cluster with DescribeCluster's error, and asks Kubernetes nothing", async () => {
    const reads = startReads(
      healthReadSteps(
        await sandboxObserveContext(env.sandbox, {
          clusterName: 'absent',
          maxAttempts: 1,
        }),
      ),
    );
    for (const name of [
      'clusterSummary',
      'addonVersions',
      'kubernetes',
      'nodes',
      'deployments',
      'karpenter',
      'workloads',
    ] as const) {
      const error = await reads[name].catch(e => e);
      expect([name, error.sectionError?.source]).toEqual([
        name,
        'eks:DescribeCluster',
      ]);
    }
    expect(
      answeredCalls(env.log).filter(c => c.startsWith('kubernetes ')),
    ).toEqual([]);
  });
});
