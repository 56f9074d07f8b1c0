import {
  KARPENTER_RELEASES,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import {
  karpenterControllerActions,
  karpenterInstalledVersionActions,
} from './controllerActions';
import { karpenterControllerPolicy } from './controllerPolicy';
import { interruptionQueuePolicy } from './interruptionQueue';
import {
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
} from './interruptionRules';
import { actionsNotAllowed, canonicalPolicy } from '../policies';

describe('Karpenter IAM and interruption handling', () => {
  const policy = karpenterControllerPolicy({
    clusterName: 'payments',
    region: 'cn-north-1',
    accountId: '123456789012',
    queueArn: 'arn:aws-cn:sqs:cn-north-1:123456789012:Karpenter-payments',
    nodeRoleArn: 'arn:aws-cn:iam::123456789012:role/payments-karpenter-node',
    chartVersion: '1.14.1',
  });
  const bySid = Object.fromEntries(policy.Statement.map(s => [s.Sid, s]));

  it('scopes every write to the cluster and the partition of the region', () => {
    expect(bySid.AllowAPIServerEndpointDiscovery.Resource).toBe(
      'arn:aws-cn:eks:cn-north-1:123456789012:cluster/payments',
    );
    expect(bySid.AllowScopedDeletion.Condition).toEqual({
      StringEquals: {
        'aws:ResourceTag/kubernetes.io/cluster/payments': 'owned',
      },
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    });
    expect(bySid.AllowPassingInstanceRole).toMatchObject({
      Action: 'iam:PassRole',
      Resource: 'arn:aws-cn:iam::123456789012:role/payments-karpenter-node',
    });
    expect(bySid.AllowInterruptionQueueActions.Resource).toBe(
      'arn:aws-cn:sqs:cn-north-1:123456789012:Karpenter-payments',
    );
    const unscopedWrites = policy.Statement.filter(
      s =>
        s.Resource === '*' &&
        [s.Action].flat().some(a => !/^(ec2:Describe|pricing:Get)/.test(a)),
    );
    expect(unscopedWrites).toEqual([]);
  });

  const scope = {
    clusterName: 'demo',
    region: 'eu-west-1',
    accountId: '123456789012',
    queueArn: 'arn:aws:sqs:eu-west-1:123456789012:Karpenter-demo',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/demo-karpenter-node',
  };
  const statementsOf = (chartVersion: string, enableZonalShift = false) =>
    Object.fromEntries(
      karpenterControllerPolicy({
        ...scope,
        chartVersion,
        enableZonalShift,
      }).Statement.map(s => [s.Sid, s]),
    );

  it.each(SUPPORTED_KARPENTER_VERSIONS.map(v => [v]))(
    'grants Karpenter %s what its release needs: placement groups (1.11) and ec2:DescribeInstanceStatus (1.12)',
    version => {
      const statements = statementsOf(version);
      expect(statements.AllowRegionalReadActions.Action).toEqual(
        expect.arrayContaining([
          'ec2:DescribePlacementGroups',
          'ec2:DescribeInstanceStatus',
        ]),
      );
      expect(statements.AllowScopedEC2InstanceAccessActions.Resource).toContain(
        'arn:aws:ec2:eu-west-1:*:placement-group/*',
      );
      // zonal shift only when asked
      expect(statements.AllowZonalShiftStatusReadOnly).toBeUndefined();
    },
  );

  it('grants arc-zonal-shift:GetManagedResource on the cluster only with enableZonalShift', () => {
    expect(statementsOf('1.13.1', true).AllowZonalShiftStatusReadOnly).toEqual({
      Sid: 'AllowZonalShiftStatusReadOnly',
      Effect: 'Allow',
      Resource: '*',
      Action: 'arc-zonal-shift:GetManagedResource',
      Condition: {
        StringEquals: {
          'arc-zonal-shift:ResourceIdentifier':
            'arn:aws:eks:eu-west-1:123456789012:cluster/demo',
        },
      },
    });
  });

  it('has no policy for a chart version outside the release table', () => {
    expect(() => statementsOf('1.8.1')).toThrow(
      /No Karpenter controller policy for chart 1\.8\.1: the release table holds 1\.13\.0 to 1\.14\.1/,
    );
    expect(KARPENTER_RELEASES.length).toBe(2);
  });

  it('names each action of a version once, whatever the scope', () => {
    const actions = karpenterControllerActions('1.14.1');
    expect(new Set(actions).size).toBe(actions.length);
    expect(new Set(actions)).toEqual(
      new Set(
        policy.Statement.filter(s => s.Effect === 'Allow').flatMap(s =>
          ([] as string[]).concat(s.Action as string | string[]),
        ),
      ),
    );
    expect(actions).not.toContain('arc-zonal-shift:GetManagedResource');
    expect(
      karpenterControllerActions('1.14.1', { enableZonalShift: true }),
    ).toContain('arc-zonal-shift:GetManagedResource');
  });

  it("knows what a running Karpenter outside the table needs: an older 1.x less the later releases' actions, a newer one at least the newest's", () => {
    const newest = karpenterControllerActions('1.14.1');
    const at = (version: string) => karpenterInstalledVersionActions(version)!;
    expect(at('1.13.0')).toEqual(karpenterControllerActions('1.13.0'));
    expect(at('1.12.2')).toEqual(newest);
    expect(actionsNotAllowed(at('1.11.0'), newest)).toEqual([
      'ec2:DescribeInstanceStatus',
    ]);
    expect(actionsNotAllowed(at('1.8.1'), newest).sort()).toEqual([
      'ec2:DescribeInstanceStatus',
      'ec2:DescribePlacementGroups',
    ]);
    expect(at('1.15.0')).toEqual(newest);
    expect(at('v1.11.0')).toEqual(at('1.11.0'));
    expect(at('1.7.0')).toEqual(at('1.8.1'));
    // before 1.7 (iam:ListInstanceProfiles, in the base policy) and before
    // v1: not judged
    expect(karpenterInstalledVersionActions('1.6.2')).toBeUndefined();
    expect(karpenterInstalledVersionActions('0.37.5')).toBeUndefined();
    expect(karpenterInstalledVersionActions('latest')).toBeUndefined();
  });

  it('finds the actions a grant list lacks, by IAM wildcard and ignoring case', () => {
    expect(
      actionsNotAllowed(
        ['EC2:Describe*', 'sqs:*', 'iam:PassRole'],
        [
          'ec2:DescribeInstanceStatus',
          'ec2:RunInstances',
          'sqs:ReceiveMessage',
          'iam:PassRole',
          'iam:GetInstanceProfile',
        ],
      ),
    ).toEqual(['ec2:RunInstances', 'iam:GetInstanceProfile']);
  });

  it('has the five interruption rules with distinct names of at most 64 characters', () => {
    expect(KARPENTER_INTERRUPTION_RULES.map(r => r.kind)).toEqual([
      'health-event',
      'spot-interruption',
      'rebalance',
      'instance-state-change',
      'capacity-reservation-interruption',
    ]);
    const long =
      'Karpenter-a-cluster-name-that-is-quite-long-indeed-really-long-yes';
    const names = KARPENTER_INTERRUPTION_RULES.map(r =>
      interruptionRuleName(long, r),
    );
    expect(new Set(names).size).toBe(5);
    expect(names.every(n => n.length <= 64)).toBe(true);
  });

  it('lets EventBridge send to the queue and denies non-TLS access', () => {
    const queuePolicy = interruptionQueuePolicy('arn:aws:sqs:eu-west-1:1:q');
    expect(queuePolicy.Statement.map(s => s.Effect)).toEqual(['Allow', 'Deny']);
    expect(queuePolicy.Statement[1].Condition).toEqual({
      Bool: { 'aws:SecureTransport': 'false' },
    });
  });

  it('compares policies regardless of key order and single-item lists', () => {
    expect(
      canonicalPolicy({ Statement: [{ Action: ['a'], Effect: 'Allow' }] }),
    ).toBe(canonicalPolicy({ Statement: { Effect: 'Allow', Action: 'a' } }));
  });
});
