import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  Filter,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  TagDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ProvisioningRun } from './ProvisioningRun';
import { CLUSTER_TAG } from './tags';

/** Something that still exists for a deleted cluster. @public */
export interface LeftoverResource {
  type: string;
  id: string;
  /** The tag that ties it to the cluster. */
  tag: string;
}

/** The tag the AWS Load Balancer Controller puts on what it creates. @public */
export const LBC_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

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
  const { elbv2 } = run.aws;
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await elbv2.send(
      new DescribeLoadBalancersCommand({ Marker: marker }),
    );
    arns.push(
      ...(page.LoadBalancers ?? []).map(lb => lb.LoadBalancerArn ?? ''),
    );
    marker = page.NextMarker;
  } while (marker);
  const found: LeftoverResource[] = [];
  const describeTags = async (batch: string[]): Promise<TagDescription[]> => {
    try {
      return (
        (await elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })))
          .TagDescriptions ?? []
      );
    } catch (error) {
      // A load balancer deleted since it was listed: ask one by one.
      if ((error as Error).name !== 'LoadBalancerNotFoundException') {
        throw error;
      }
      if (batch.length === 1) return [];
      const single = await Promise.all(batch.map(arn => describeTags([arn])));
      return single.flat();
    }
  };
  for (let i = 0; i < arns.length; i += 20) {
    const descriptions = await describeTags(arns.slice(i, i + 20));
    for (const description of descriptions) {
      const match = (description.Tags ?? []).find(
        t =>
          (t.Key === LBC_CLUSTER_TAG && t.Value === clusterName) ||
          t.Key === `kubernetes.io/cluster/${clusterName}`,
      );
      if (match) {
        found.push({
          type: 'load balancer',
          id: description.ResourceArn ?? '',
          tag: `${match.Key}=${match.Value}`,
        });
      }
    }
  }
  return found;
}

/** Runs one leftover check; a failing check is noted, not fatal. */
async function check<T>(
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

async function ec2Tagged(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const { ec2 } = run.aws;
  const byTag = (key: string, value?: string): Filter =>
    value
      ? { Name: `tag:${key}`, Values: [value] }
      : { Name: 'tag-key', Values: [key] };
  const clusterKey = `kubernetes.io/cluster/${clusterName}`;
  const found: LeftoverResource[] = [];
  for (const [filter, tag] of [
    [byTag(clusterKey), clusterKey],
    [byTag('eks:cluster-name', clusterName), `eks:cluster-name=${clusterName}`],
    [byTag(CLUSTER_TAG, clusterName), `${CLUSTER_TAG}=${clusterName}`],
  ] as const) {
    const instances = await check(run, 'EC2 instances', async () => {
      const page = await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            filter,
            {
              Name: 'instance-state-name',
              Values: ['pending', 'running', 'stopping', 'stopped'],
            },
          ],
        }),
      );
      return (page.Reservations ?? []).flatMap(r => r.Instances ?? []);
    });
    for (const instance of instances) {
      found.push({ type: 'EC2 instance', id: instance.InstanceId ?? '', tag });
    }
    const volumes = await check(
      run,
      'EBS volumes',
      async () =>
        (
          await ec2.send(new DescribeVolumesCommand({ Filters: [filter] }))
        ).Volumes ?? [],
    );
    for (const volume of volumes) {
      found.push({ type: 'EBS volume', id: volume.VolumeId ?? '', tag });
    }
    const groups = await check(
      run,
      'security groups',
      async () =>
        (
          await ec2.send(
            new DescribeSecurityGroupsCommand({ Filters: [filter] }),
          )
        ).SecurityGroups ?? [],
    );
    for (const group of groups) {
      found.push({ type: 'security group', id: group.GroupId ?? '', tag });
    }
    const templates = await check(
      run,
      'launch templates',
      async () =>
        (
          await ec2.send(
            new DescribeLaunchTemplatesCommand({ Filters: [filter] }),
          )
        ).LaunchTemplates ?? [],
    );
    for (const template of templates) {
      found.push({
        type: 'launch template',
        id: template.LaunchTemplateId ?? '',
        tag,
      });
    }
  }
  const seen = new Set<string>();
  return found.filter(r => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/**
 * Everything still tagged for the cluster: load balancers, instances,
 * volumes, security groups and launch templates.
 *
 * @public
 */
export async function findLeftovers(
  run: ProvisioningRun,
  clusterName: string,
): Promise<LeftoverResource[]> {
  const [loadBalancers, ec2] = await Promise.all([
    check(run, 'load balancers', () =>
      findClusterLoadBalancers(run, clusterName),
    ),
    ec2Tagged(run, clusterName),
  ]);
  return [...loadBalancers, ...ec2];
}
