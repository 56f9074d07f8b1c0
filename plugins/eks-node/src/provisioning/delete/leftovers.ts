import {
  EC2Client,
  Filter,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplates,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import {
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  TagDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG } from '../tags';

/** Something that still exists for a deleted cluster. @public */
export interface LeftoverResource {
  type: string;
  id: string;
  /** The tag that ties it to the cluster. */
  tag: string;
}

/** The tag the VPC CNI puts on the network interfaces it creates. */
export const VPC_CNI_CLUSTER_TAG = 'cluster.k8s.amazonaws.com/name';

/** The tag the AWS Load Balancer Controller puts on what it creates. @public */
export const LBC_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/** DescribeTags takes at most 20 load balancers a call. */
const TAGS_BATCH = 20;

/** The errors DescribeTags gives for an ARN deleted since it was listed. */
const GONE = ['LoadBalancerNotFoundException', 'TargetGroupNotFoundException'];

/** The tags of load balancers or target groups; one deleted since it was listed is skipped. */
async function describeTags(
  elbv2: ElasticLoadBalancingV2Client,
  batch: string[],
): Promise<TagDescription[]> {
  try {
    return (
      (await elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })))
        .TagDescriptions ?? []
    );
  } catch (error) {
    // One deleted since it was listed: ask one by one.
    if (!GONE.includes((error as Error).name)) {
      throw error;
    }
    if (batch.length === 1) return [];
    const single = await Promise.all(
      batch.map(arn => describeTags(elbv2, [arn])),
    );
    return single.flat();
  }
}

/**
 * Which of these ELBv2 resources are tagged for the cluster by the AWS Load
 * Balancer Controller (`elbv2.k8s.aws/cluster=<name>`) or the in-tree cloud
 * provider (`kubernetes.io/cluster/<name>`).
 */
async function elbv2Tagged(
  run: ProvisioningRun,
  type: string,
  arns: string[],
  clusterName: string,
): Promise<LeftoverResource[]> {
  const found: LeftoverResource[] = [];
  for (let i = 0; i < arns.length; i += TAGS_BATCH) {
    const descriptions = await describeTags(
      run.aws.elbv2,
      arns.slice(i, i + TAGS_BATCH),
    );
    for (const description of descriptions) {
      const match = (description.Tags ?? []).find(
        t =>
          (t.Key === LBC_CLUSTER_TAG && t.Value === clusterName) ||
          t.Key === `kubernetes.io/cluster/${clusterName}`,
      );
      if (match) {
        found.push({
          type,
          id: description.ResourceArn ?? '',
          tag: `${match.Key}=${match.Value}`,
        });
      }
    }
  }
  return found;
}

/**
 * The load balancers the AWS Load Balancer Controller (or the in-tree
 * cloud provider) created for the cluster: tagged
 * `elbv2.k8s.aws/cluster=<name>` or `kubernetes.io/cluster/<name>`.
 *
 * @public
 */
export async function findClusterLoadBalancers(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const arns: string[] = [];
  for await (const page of paginateDescribeLoadBalancers(
    { client: run.aws.elbv2 },
    {},
  )) {
    arns.push(
      ...(page.LoadBalancers ?? []).map(lb => lb.LoadBalancerArn ?? ''),
    );
  }
  return elbv2Tagged(run, 'load balancer', arns, clusterName);
}

/** The target groups the load balancer controller created for the cluster, tagged as its load balancers are. */
export async function findClusterTargetGroups(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const arns: string[] = [];
  for await (const page of paginateDescribeTargetGroups(
    { client: run.aws.elbv2 },
    {},
  )) {
    arns.push(...(page.TargetGroups ?? []).map(t => t.TargetGroupArn ?? ''));
  }
  return elbv2Tagged(run, 'target group', arns, clusterName);
}

/** Runs one leftover check; a failing check is noted, not fatal. */
export async function check<T>(
  run: ProvisioningRun,
  what: string,
  fn: () => Promise<T[]>,
): Promise<T[]> {
  try {
    return await fn();
  } catch (error) {
    run.note(
      `Could not check for leftover ${what}: ${(error as Error).message}`,
    );
    return [];
  }
}

/** One kind of EC2 resource a cluster leaves tagged: how to list its ids. */
interface Ec2LeftoverKind {
  type: string;
  /** What the check looks for, in the note when it fails. */
  what: string;
  ids(ec2: EC2Client, filter: Filter): Promise<string[]>;
}

/** The ids of every page's items. */
export async function ids<P>(
  pages: AsyncIterable<P>,
  items: (page: P) => (string | undefined)[],
): Promise<string[]> {
  const found: string[] = [];
  for await (const page of pages) found.push(...items(page).map(i => i ?? ''));
  return found;
}

const EC2_LEFTOVER_KINDS: Ec2LeftoverKind[] = [
  {
    type: 'EC2 instance',
    what: 'EC2 instances',
    ids: (ec2, filter) =>
      ids(
        paginateDescribeInstances(
          { client: ec2 },
          {
            Filters: [
              filter,
              {
                Name: 'instance-state-name',
                Values: ['pending', 'running', 'stopping', 'stopped'],
              },
            ],
          },
        ),
        page =>
          (page.Reservations ?? [])
            .flatMap(r => r.Instances ?? [])
            .map(i => i.InstanceId),
      ),
  },
  {
    type: 'EBS volume',
    what: 'EBS volumes',
    ids: (ec2, filter) =>
      ids(
        paginateDescribeVolumes({ client: ec2 }, { Filters: [filter] }),
        page => (page.Volumes ?? []).map(v => v.VolumeId),
      ),
  },
  {
    type: 'security group',
    what: 'security groups',
    ids: (ec2, filter) =>
      ids(
        paginateDescribeSecurityGroups({ client: ec2 }, { Filters: [filter] }),
        page => (page.SecurityGroups ?? []).map(g => g.GroupId),
      ),
  },
  {
    type: 'launch template',
    what: 'launch templates',
    ids: (ec2, filter) =>
      ids(
        paginateDescribeLaunchTemplates({ client: ec2 }, { Filters: [filter] }),
        page => (page.LaunchTemplates ?? []).map(t => t.LaunchTemplateId),
      ),
  },
  {
    type: 'network interface',
    what: 'network interfaces',
    ids: (ec2, filter) =>
      ids(
        paginateDescribeNetworkInterfaces(
          { client: ec2 },
          { Filters: [filter] },
        ),
        page => (page.NetworkInterfaces ?? []).map(n => n.NetworkInterfaceId),
      ),
  },
];

/** The tags that tie an EC2 resource to the cluster, as filters. */
function clusterTagFilters(clusterName: string): [Filter, string][] {
  const clusterKey = `kubernetes.io/cluster/${clusterName}`;
  return [
    [{ Name: 'tag-key', Values: [clusterKey] }, clusterKey],
    [
      { Name: 'tag:eks:cluster-name', Values: [clusterName] },
      `eks:cluster-name=${clusterName}`,
    ],
    // what Karpenter launched (instances, launch templates, volumes)
    [
      { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
      `eks:eks-cluster-name=${clusterName}`,
    ],
    // network interfaces the VPC CNI made
    [
      { Name: `tag:${VPC_CNI_CLUSTER_TAG}`, Values: [clusterName] },
      `${VPC_CNI_CLUSTER_TAG}=${clusterName}`,
    ],
    [
      { Name: `tag:${CLUSTER_TAG}`, Values: [clusterName] },
      `${CLUSTER_TAG}=${clusterName}`,
    ],
  ];
}

async function ec2Tagged(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const found: LeftoverResource[] = [];
  for (const [filter, tag] of clusterTagFilters(clusterName)) {
    for (const kind of EC2_LEFTOVER_KINDS) {
      const kindIds = await check(run, kind.what, () =>
        kind.ids(run.aws.ec2, filter),
      );
      found.push(...kindIds.map(id => ({ type: kind.type, id, tag })));
    }
  }
  const seen = new Set<string>();
  return found.filter(r => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/**
 * Everything still tagged for the cluster: load balancers, target groups,
 * instances, volumes, security groups, launch templates and network
 * interfaces.
 *
 * @public
 */
export async function findLeftovers(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const [loadBalancers, targetGroups, ec2] = await Promise.all([
    check(run, 'load balancers', () =>
      findClusterLoadBalancers(run, clusterName),
    ),
    check(run, 'target groups', () =>
      findClusterTargetGroups(run, clusterName),
    ),
    ec2Tagged(run, clusterName),
  ]);
  return [...loadBalancers, ...targetGroups, ...ec2];
}
