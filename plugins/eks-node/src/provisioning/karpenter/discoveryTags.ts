import { Cluster } from '@aws-sdk/client-eks';
import {
  CreateTagsCommand,
  paginateDescribeInstances,
  paginateDescribeSubnets,
  paginateDescribeTags,
  Subnet,
} from '@aws-sdk/client-ec2';
import { ProvisioningRun } from '../ProvisioningRun';

/** The tag Karpenter's EC2NodeClass selects subnets and security groups by. @public */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';

/** What {@link ensureDiscoveryTags} did. @public */
export interface DiscoveryTagResult {
  /** Resources tagged for this cluster by this run. */
  tagged: string[];
  /**
   * Subnets another cluster's Karpenter already discovers by the tag: their
   * tag is left alone (retagging would take them from that cluster), so the
   * EC2NodeClass selects them by id instead.
   */
  sharedSubnetIds: string[];
}

/**
 * Tags the given subnets and security groups with
 * `karpenter.sh/discovery: <cluster>` where the tag is missing. Subnets that
 * carry the tag for another cluster are shared and keep it.
 *
 * @public
 */
export async function ensureDiscoveryTags(
  run: ProvisioningRun,
  opts: { clusterName: string; resourceIds: string[] },
): Promise<DiscoveryTagResult> {
  const ids = [...new Set(opts.resourceIds.filter(Boolean))];
  if (ids.length === 0) return { tagged: [], sharedSubnetIds: [] };
  const tagged = new Map<string, string>();
  for await (const page of paginateDescribeTags(
    { client: run.aws.ec2 },
    {
      Filters: [
        { Name: 'resource-id', Values: ids },
        { Name: 'key', Values: [KARPENTER_DISCOVERY_TAG] },
      ],
    },
  )) {
    for (const t of page.Tags ?? []) {
      tagged.set(t.ResourceId ?? '', t.Value ?? '');
    }
  }
  const sharedSubnetIds = ids.filter(
    id =>
      id.startsWith('subnet-') &&
      tagged.has(id) &&
      tagged.get(id) !== opts.clusterName,
  );
  for (const id of sharedSubnetIds) {
    run.logger.info(
      `${id} is shared: it is tagged ${KARPENTER_DISCOVERY_TAG}=${tagged.get(
        id,
      )} for that cluster's Karpenter, so it keeps the tag and the EC2NodeClass selects it by id`,
    );
  }
  const missing = ids.filter(
    id => tagged.get(id) !== opts.clusterName && !sharedSubnetIds.includes(id),
  );
  for (const id of missing) {
    if (tagged.has(id)) {
      run.reportDrift(
        `${id} is tagged ${KARPENTER_DISCOVERY_TAG}=${tagged.get(id)}, not ${
          opts.clusterName
        }`,
      );
    }
  }
  if (missing.length > 0) {
    await run.change(
      {
        action: 'tag',
        resource: missing.join(', '),
        detail: `${KARPENTER_DISCOVERY_TAG}=${opts.clusterName}`,
      },
      ['discovery-tags', opts.clusterName, ...missing],
      async () => {
        await run.aws.ec2.send(
          new CreateTagsCommand({
            Resources: missing,
            Tags: [{ Key: KARPENTER_DISCOVERY_TAG, Value: opts.clusterName }],
          }),
        );
      },
    );
  }
  return { tagged: missing, sharedSubnetIds };
}

/**
 * Whether a subnet is public: it gives instances public IPs at launch, or
 * carries the public load balancer role tag `kubernetes.io/role/elb`.
 */
function isPublicSubnet(subnet: Subnet): boolean {
  return (
    subnet.MapPublicIpOnLaunch === true ||
    (subnet.Tags ?? []).some(
      t => t.Key === 'kubernetes.io/role/elb' && t.Value !== '0',
    )
  );
}

/**
 * The cluster's private subnets, where Karpenter launches nodes: nodes in
 * public subnets would get public IPs (eksctl and terraform-aws-eks tag
 * only the private ones for discovery). When every subnet is public the
 * cluster has no other place for nodes: all are used, with a note.
 */
export async function privateSubnetIds(
  run: ProvisioningRun,
  subnetIds: string[],
): Promise<string[]> {
  if (subnetIds.length === 0) return [];
  const subnets: Subnet[] = [];
  for await (const page of paginateDescribeSubnets(
    { client: run.aws.ec2 },
    { SubnetIds: subnetIds },
  )) {
    subnets.push(...(page.Subnets ?? []));
  }
  const publicIds = subnets.filter(isPublicSubnet).map(s => s.SubnetId ?? '');
  const privateIds = subnetIds.filter(id => !publicIds.includes(id));
  if (privateIds.length === 0) {
    run.note(
      `Every subnet of the cluster is public (${subnetIds.join(
        ', ',
      )}): Karpenter's nodes will launch in them, with public IPs where the subnet assigns them`,
    );
    return subnetIds;
  }
  if (publicIds.length > 0) {
    run.logger.info(
      `Public subnets ${publicIds.join(
        ', ',
      )} get no ${KARPENTER_DISCOVERY_TAG} tag: Karpenter launches nodes in the private ones`,
    );
  }
  return privateIds;
}

/**
 * The node security groups: those the cluster's running nodes (its node
 * groups', not Karpenter's) have, which Karpenter's nodes need as well to
 * reach the control plane and the other nodes. A node group whose launch
 * template names no security group runs with the cluster security group
 * (EKS's default), which then is the node security group; a dedicated node
 * security group (terraform-aws-eks's) is found the same way. Before any
 * node runs, the cluster security group is what node groups get by default.
 */
export async function nodeSecurityGroupIds(
  run: ProvisioningRun,
  clusterName: string,
  clusterSecurityGroupId: string | undefined,
): Promise<string[]> {
  const groups = new Set<string>();
  for await (const page of paginateDescribeInstances(
    { client: run.aws.ec2 },
    {
      Filters: [
        { Name: 'tag:eks:cluster-name', Values: [clusterName] },
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
      ],
    },
  )) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        const launchedByKarpenter = (instance.Tags ?? []).some(
          t => t.Key === 'karpenter.sh/nodepool',
        );
        if (launchedByKarpenter) continue;
        for (const group of instance.SecurityGroups ?? []) {
          if (group.GroupId) groups.add(group.GroupId);
        }
      }
    }
  }
  if (groups.size === 0) {
    if (!clusterSecurityGroupId) return [];
    run.logger.info(
      `No node of cluster ${clusterName} runs yet: ${KARPENTER_DISCOVERY_TAG} goes on the cluster security group ${clusterSecurityGroupId}, which EKS gives managed node groups without security groups of their own`,
    );
    return [clusterSecurityGroupId];
  }
  const found = [...groups].sort();
  run.logger.info(
    `The nodes of cluster ${clusterName} run with ${found.join(', ')}${
      clusterSecurityGroupId && found.includes(clusterSecurityGroupId)
        ? ' (the cluster security group, as EKS gives node groups without security groups of their own)'
        : ''
    }: ${KARPENTER_DISCOVERY_TAG} goes on ${
      found.length === 1 ? 'it' : 'them'
    }`,
  );
  return found;
}

/**
 * The discovery tag step: tags the cluster's private subnets and its node
 * security groups (see {@link ensureDiscoveryTags}) and returns the shared
 * subnets the EC2NodeClass selects by id; for a cluster a dry run has not
 * made yet, plans the tagging.
 */
export async function tagClusterForDiscovery(
  run: ProvisioningRun,
  clusterName: string,
  cluster: Cluster | undefined,
): Promise<string[]> {
  if (!cluster) {
    run.plan.push({
      action: 'tag',
      resource: 'cluster private subnets and node security group',
      detail: `karpenter.sh/discovery=${clusterName}`,
    });
    return [];
  }
  const vpc = cluster.resourcesVpcConfig;
  const result = await ensureDiscoveryTags(run, {
    clusterName,
    resourceIds: [
      ...(await privateSubnetIds(run, vpc?.subnetIds ?? [])),
      ...(await nodeSecurityGroupIds(
        run,
        clusterName,
        vpc?.clusterSecurityGroupId,
      )),
    ],
  });
  return result.sharedSubnetIds;
}
