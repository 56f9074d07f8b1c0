import {
  karpenterReleaseLine,
  KarpenterRequirement,
  karpenterRequirements,
  partitionForRegion,
  supportedKarpenterRange,
} from '@backstage-eks/plugin-eks-common';
import { PolicyDocument, PolicyStatement } from '../policies';

/** What the Karpenter controller policy is scoped to. @public */
export interface KarpenterPolicyScope {
  clusterName: string;
  region: string;
  accountId: string;
  queueArn: string;
  nodeRoleArn: string;
  /** The chart version the policy is for (one of eks-common's KARPENTER_RELEASES). */
  chartVersion: string;
  /** Whether Karpenter runs with settings.enableZonalShift. */
  enableZonalShift?: boolean;
}

/** What the statements share: the scope, its partition and tag conditions. */
interface PolicyContext {
  scope: KarpenterPolicyScope;
  partition: string;
  clusterName: string;
  region: string;
  accountId: string;
  ec2: (resource: string, account?: string) => string;
  /** The cluster's ownership tag, as a request tag and as a resource tag. */
  owned: Record<string, string>;
  ownedResource: Record<string, string>;
  /** What Karpenter launches and tags. */
  taggedResources: string[];
  /** What the chart version needs beyond the 1.0 policy. */
  needs: (requirement: KarpenterRequirement) => boolean;
}

function policyContext(scope: KarpenterPolicyScope): PolicyContext {
  const partition = partitionForRegion(scope.region);
  const requirements = karpenterRequirements(scope.chartVersion, {
    enableZonalShift: scope.enableZonalShift,
  });
  const { clusterName, region, accountId } = scope;
  const ec2 = (resource: string, account = '*') =>
    `arn:${partition}:ec2:${region}:${account}:${resource}`;
  return {
    scope,
    partition,
    clusterName,
    region,
    accountId,
    ec2,
    owned: { [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: 'owned' },
    ownedResource: {
      [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned',
    },
    needs: requirement => requirements.includes(requirement),
    taggedResources: [
      'fleet/*',
      'instance/*',
      'volume/*',
      'network-interface/*',
      'launch-template/*',
      'spot-instances-request/*',
    ].map(r => ec2(r)),
  };
}

/** Launches of instances and fleets from the cluster's launch templates. */
function ec2LaunchStatements(c: PolicyContext): PolicyStatement[] {
  const { clusterName, ec2, owned, ownedResource, taggedResources, needs } = c;
  return [
    {
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Resource: [
        ec2('image/*', ''),
        ec2('snapshot/*', ''),
        ec2('security-group/*'),
        ec2('subnet/*'),
        ec2('capacity-reservation/*'),
        // 1.11: launches into placement groups
        ...(needs('placement-groups') ? [ec2('placement-group/*')] : []),
      ],
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
    },
    {
      Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      Effect: 'Allow',
      Resource: ec2('launch-template/*'),
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Condition: {
        StringEquals: ownedResource,
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedEC2InstanceActionsWithTags',
      Effect: 'Allow',
      Resource: taggedResources,
      Action: [
        'ec2:RunInstances',
        'ec2:CreateFleet',
        'ec2:CreateLaunchTemplate',
      ],
      Condition: {
        StringEquals: {
          ...owned,
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
  ];
}

/** Tagging and deletion of what Karpenter launched. */
function ec2TagAndDeleteStatements(c: PolicyContext): PolicyStatement[] {
  const { clusterName, ec2, owned, ownedResource, taggedResources } = c;
  return [
    {
      Sid: 'AllowScopedResourceCreationTagging',
      Effect: 'Allow',
      Resource: taggedResources,
      Action: 'ec2:CreateTags',
      Condition: {
        StringEquals: {
          ...owned,
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'ec2:CreateAction': [
            'RunInstances',
            'CreateFleet',
            'CreateLaunchTemplate',
          ],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceTagging',
      Effect: 'Allow',
      Resource: ec2('instance/*'),
      Action: 'ec2:CreateTags',
      Condition: {
        StringEquals: ownedResource,
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: {
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        'ForAllValues:StringEquals': {
          'aws:TagKeys': [
            'eks:eks-cluster-name',
            'karpenter.sh/nodeclaim',
            'Name',
          ],
        },
      },
    },
    {
      Sid: 'AllowScopedDeletion',
      Effect: 'Allow',
      Resource: [ec2('instance/*'), ec2('launch-template/*')],
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Condition: {
        StringEquals: ownedResource,
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
  ];
}

/** Reads (EC2 in the region, SSM, pricing), the queue and PassRole. */
function readAndQueueStatements(c: PolicyContext): PolicyStatement[] {
  const { partition, region, needs } = c;
  return [
    {
      Sid: 'AllowRegionalReadActions',
      Effect: 'Allow',
      Resource: '*',
      Action: [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        // 1.12: the interruption controller's instance status health checks
        ...(needs('describe-instance-status')
          ? ['ec2:DescribeInstanceStatus']
          : []),
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        // 1.11: placement groups
        ...(needs('placement-groups') ? ['ec2:DescribePlacementGroups'] : []),
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      Condition: { StringEquals: { 'aws:RequestedRegion': region } },
    },
    {
      Sid: 'AllowSSMReadActions',
      Effect: 'Allow',
      Resource: `arn:${partition}:ssm:${region}::parameter/aws/service/*`,
      Action: 'ssm:GetParameter',
    },
    {
      Sid: 'AllowPricingReadActions',
      Effect: 'Allow',
      Resource: '*',
      Action: 'pricing:GetProducts',
    },
    {
      Sid: 'AllowInterruptionQueueActions',
      Effect: 'Allow',
      Resource: c.scope.queueArn,
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    },
    {
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Resource: c.scope.nodeRoleArn,
      Action: 'iam:PassRole',
      Condition: {
        StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' },
      },
    },
  ];
}

/** Instance profiles Karpenter makes for its EC2NodeClasses, and the cluster. */
function instanceProfileStatements(c: PolicyContext): PolicyStatement[] {
  const { partition, clusterName, region, accountId, owned, ownedResource } = c;
  return [
    {
      Sid: 'AllowScopedInstanceProfileCreationActions',
      Effect: 'Allow',
      Resource: `arn:${partition}:iam::${accountId}:instance-profile/*`,
      Action: 'iam:CreateInstanceProfile',
      Condition: {
        StringEquals: {
          ...owned,
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileTagActions',
      Effect: 'Allow',
      Resource: `arn:${partition}:iam::${accountId}:instance-profile/*`,
      Action: 'iam:TagInstanceProfile',
      Condition: {
        StringEquals: {
          ...ownedResource,
          'aws:ResourceTag/topology.kubernetes.io/region': region,
          ...owned,
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileActions',
      Effect: 'Allow',
      Resource: `arn:${partition}:iam::${accountId}:instance-profile/*`,
      Action: [
        'iam:AddRoleToInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:DeleteInstanceProfile',
      ],
      Condition: {
        StringEquals: {
          ...ownedResource,
          'aws:ResourceTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowInstanceProfileReadActions',
      Effect: 'Allow',
      Resource: `arn:${partition}:iam::${accountId}:instance-profile/*`,
      Action: ['iam:GetInstanceProfile', 'iam:ListInstanceProfiles'],
    },
    {
      Sid: 'AllowAPIServerEndpointDiscovery',
      Effect: 'Allow',
      Resource: `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`,
      Action: 'eks:DescribeCluster',
    },
  ];
}

/** 1.12+ with settings.enableZonalShift: the cluster's zonal shift status. */
function zonalShiftStatements(c: PolicyContext): PolicyStatement[] {
  if (!c.needs('zonal-shift')) return [];
  const { partition, region, accountId, clusterName } = c;
  return [
    {
      Sid: 'AllowZonalShiftStatusReadOnly',
      Effect: 'Allow',
      Resource: '*',
      Action: 'arc-zonal-shift:GetManagedResource',
      Condition: {
        StringEquals: {
          'arc-zonal-shift:ResourceIdentifier': `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`,
        },
      },
    },
  ];
}

/**
 * The Karpenter v1 controller policy, scoped to one cluster the way
 * terraform-aws-eks v21's karpenter module scopes it: launches and tagging
 * only with the cluster's ownership tag and a NodePool tag, deletions only
 * of instances and launch templates Karpenter owns, instance profiles only
 * with the cluster/region/EC2NodeClass tags, PassRole only for the node role,
 * DescribeCluster only on this cluster, the interruption queue only.
 *
 * It is generated for the chart version from eks-common's release table
 * (KARPENTER_RELEASES), with what that version needs beyond the 1.0
 * policy as Karpenter's cloudformation.yaml of each release grants it:
 * placement groups (1.11), ec2:DescribeInstanceStatus (1.12) and, with
 * zonal shift, arc-zonal-shift:GetManagedResource on the cluster (1.12):
 * policy and chart cannot drift apart. A version outside the table throws.
 *
 * @public
 */
export function karpenterControllerPolicy(
  scope: KarpenterPolicyScope,
): PolicyDocument {
  if (!karpenterReleaseLine(scope.chartVersion)) {
    throw new Error(
      `No Karpenter controller policy for chart ${
        scope.chartVersion
      }: the release table holds ${supportedKarpenterRange()}`,
    );
  }
  const c = policyContext(scope);
  return {
    Version: '2012-10-17',
    Statement: [
      ...ec2LaunchStatements(c),
      ...ec2TagAndDeleteStatements(c),
      ...readAndQueueStatements(c),
      ...instanceProfileStatements(c),
      ...zonalShiftStatements(c),
    ],
  };
}
