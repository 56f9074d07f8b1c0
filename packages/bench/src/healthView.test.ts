import {
  excessOverMinimum,
  groupHealthViewCalls,
  minimumHealthViewCalls,
  sum,
  type ClusterContents,
} from './healthView';

const empty: ClusterContents = {
  addons: 0,
  nodegroups: 0,
  nodegroupsWithLaunchTemplate: 0,
  podIdentityAssociations: 0,
  rolesRead: 0,
  fargateProfiles: 0,
  capabilities: 0,
  clusterUpdates: 0,
  insightsNeedingDetails: 0,
  karpenterInstalled: false,
};

describe('minimum set of a health view', () => {
  it('is one call per list, one Describe per item, and the Kubernetes lists', () => {
    const base = sum(minimumHealthViewCalls(empty));
    const minimum = minimumHealthViewCalls({ ...empty, addons: 60 });
    expect(minimum.get('eks:DescribeAddon')).toBe(60);
    expect(sum(minimum)).toBe(base + 60);
    expect(minimum.get('kubernetes:lists')).toBe(11);
    // nothing is asked for what the cluster does not have
    expect(minimum.has('eks:DescribeNodegroup')).toBe(false);
    expect(minimum.has('eks:DescribeUpdate')).toBe(false);
    expect(minimum.get('eks:ListUpdates')).toBe(1);
    expect(minimum.get('eks:ListCapabilities')).toBe(1);
    expect(minimum.get('eks:DescribeAddonVersions')).toBe(1);
    expect(minimum.get('eks:DescribeClusterVersions')).toBe(1);
    // the versions EKS offers and the add-on versions kept for the account
    // and region (and Kubernetes version): neither asked for
    const kept = minimumHealthViewCalls({
      ...empty,
      accountRegionAnswersKept: true,
    });
    expect(kept.has('eks:DescribeAddonVersions')).toBe(false);
    expect(kept.has('eks:DescribeClusterVersions')).toBe(false);
    expect(sum(kept)).toBe(base - 2);
    // each of the cluster's updates is described to find the latest version change
    expect(
      minimumHealthViewCalls({ ...empty, clusterUpdates: 2 }).get(
        'eks:DescribeUpdate',
      ),
    ).toBe(2);
    const withNodes = minimumHealthViewCalls({
      ...empty,
      nodegroups: 2,
      nodegroupsWithLaunchTemplate: 1,
    });
    expect(withNodes.get('eks:DescribeNodegroup')).toBe(2);
    expect(withNodes.get('ec2:DescribeLaunchTemplateVersions')).toBe(1);
    // no IAM read without roles to read
    expect([...minimum.keys()].some(k => k.startsWith('iam:'))).toBe(false);
    const withKarpenterRole = minimumHealthViewCalls({
      ...empty,
      karpenterInstalled: true,
      karpenterRolePolicies: { inline: 1, attached: 2 },
    });
    expect(
      [...withKarpenterRole].filter(([k]) => k.startsWith('iam:')),
    ).toEqual([
      ['iam:ListRolePolicies', 1],
      ['iam:ListAttachedRolePolicies', 1],
      ['iam:GetRolePolicy', 1],
      ['iam:GetPolicy', 2],
      ['iam:GetPolicyVersion', 2],
    ]);
  });

  it('names the calls beyond and below the minimum', () => {
    const calls = groupHealthViewCalls([
      { service: 'eks', operation: 'DescribeCluster', startMs: 0, endMs: 1 },
      { service: 'eks', operation: 'DescribeCluster', startMs: 0, endMs: 1 },
      {
        service: 'kubernetes',
        operation: 'GET /api/v1/nodes',
        startMs: 0,
        endMs: 1,
      },
    ]);
    expect(calls.get('kubernetes:lists')).toBe(1);
    expect(
      excessOverMinimum(
        calls,
        new Map([
          ['eks:DescribeCluster', 1],
          ['kubernetes:lists', 8],
        ]),
      ),
    ).toEqual(['eks:DescribeCluster +1', 'kubernetes:lists -7']);
  });
});
