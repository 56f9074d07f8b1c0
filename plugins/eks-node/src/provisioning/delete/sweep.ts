import {
  DeleteLaunchTemplateCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  Filter,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplates,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import {
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Cluster } from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, runWaiter } from '../waiters';
import {
  findClusterLoadBalancers,
  findClusterTargetGroups,
  ids,
  LBC_CLUSTER_TAG,
  VPC_CNI_CLUSTER_TAG,
} from './leftovers';

/** The tags Karpenter puts on the instances and launch templates it launches. */
const KARPENTER_CLUSTER_TAG = 'eks:eks-cluster-name';
const KARPENTER_NODEPOOL_TAG = 'karpenter.sh/nodepool';

/** Filters for what Karpenter launched for the cluster. */
function karpenterFilters(clusterName: string): Filter[] {
  return [
    { Name: `tag:${KARPENTER_CLUSTER_TAG}`, Values: [clusterName] },
    { Name: 'tag-key', Values: [KARPENTER_NODEPOOL_TAG] },
  ];
}

/**
 * One deletion of the sweep; one refused (e.g. a security group still in
 * use) is noted and left for the report, the others go on.
 */
async function sweepOne(
  run: ProvisioningRun,
  resource: string,
  key: string[],
  fn: () => Promise<unknown>,
): Promise<void> {
  try {
    await run.change({ action: 'delete', resource }, key, async () => {
      await ifExists(fn);
    });
  } catch (error) {
    run.note(`Could not delete ${resource}: ${(error as Error).message}`);
  }
}

/** Karpenter's instances still running: terminated, and waited for. */
async function sweepKarpenterInstances(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  const { ec2 } = run.aws;
  const instanceIds = await ids(
    paginateDescribeInstances(
      { client: ec2 },
      {
        Filters: [
          ...karpenterFilters(clusterName),
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
  );
  for (const id of instanceIds) {
    await sweepOne(
      run,
      `EC2 instance ${id} (launched by Karpenter)`,
      ['ec2-instance', id],
      () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })),
    );
  }
  if (instanceIds.length && !run.dryRun) {
    await runWaiter(
      run,
      `Karpenter's instances ${instanceIds.join(', ')} to terminate`,
      waitUntilInstanceTerminated,
      ec2,
      { InstanceIds: instanceIds },
    );
  }
}

/** Karpenter's launch templates. */
async function sweepKarpenterLaunchTemplates(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  const { ec2 } = run.aws;
  const templates = await ids(
    paginateDescribeLaunchTemplates(
      { client: ec2 },
      { Filters: karpenterFilters(clusterName) },
    ),
    page => (page.LaunchTemplates ?? []).map(t => t.LaunchTemplateId),
  );
  for (const id of templates) {
    await sweepOne(
      run,
      `launch template ${id} (made by Karpenter)`,
      ['launch-template', id],
      () => ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id })),
    );
  }
}

/** The controller's load balancers, then its target groups (no longer in use). */
async function sweepLoadBalancers(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  const { elbv2 } = run.aws;
  const owned = (tag: string) =>
    tag === `${LBC_CLUSTER_TAG}=${clusterName}` ||
    tag === `kubernetes.io/cluster/${clusterName}=owned`;
  for (const lb of await findClusterLoadBalancers(run, clusterName)) {
    if (!owned(lb.tag)) continue;
    await sweepOne(
      run,
      `load balancer ${lb.id} (tagged ${lb.tag})`,
      ['load-balancer', lb.id],
      () =>
        elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.id })),
    );
  }
  for (const tg of await findClusterTargetGroups(run, clusterName)) {
    if (!owned(tg.tag)) continue;
    await sweepOne(
      run,
      `target group ${tg.id} (tagged ${tg.tag})`,
      ['target-group', tg.id],
      () => elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.id })),
    );
  }
}

/**
 * What blocks deleting the cluster's VPC: network interfaces the VPC CNI
 * left detached (available), then the security groups the load balancer
 * controller made.
 */
async function sweepVpcBlockers(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  const { ec2 } = run.aws;
  const interfaces = await ids(
    paginateDescribeNetworkInterfaces(
      { client: ec2 },
      {
        Filters: [
          { Name: `tag:${VPC_CNI_CLUSTER_TAG}`, Values: [clusterName] },
          { Name: 'status', Values: ['available'] },
        ],
      },
    ),
    page => (page.NetworkInterfaces ?? []).map(n => n.NetworkInterfaceId),
  );
  for (const id of interfaces) {
    await sweepOne(
      run,
      `network interface ${id} (left by the VPC CNI)`,
      ['network-interface', id],
      () =>
        ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id })),
    );
  }
  const groups = await ids(
    paginateDescribeSecurityGroups(
      { client: ec2 },
      {
        Filters: [{ Name: `tag:${LBC_CLUSTER_TAG}`, Values: [clusterName] }],
      },
    ),
    page => (page.SecurityGroups ?? []).map(g => g.GroupId),
  );
  for (const id of groups) {
    await sweepOne(
      run,
      `security group ${id} (made by the load balancer controller)`,
      ['security-group', id],
      () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })),
    );
  }
}

/**
 * The sweep after the cluster is gone: what its controllers made outside
 * it and left behind — the EC2 instances and launch templates Karpenter
 * launched (tagged `karpenter.sh/nodepool` and `eks:eks-cluster-name`), the
 * load balancers and target groups the load balancer controller made
 * (`elbv2.k8s.aws/cluster`), the network interfaces and security groups
 * that keep the VPC from being deleted. Each is deleted and listed in the
 * report; one that cannot be is noted and reported as left behind.
 *
 * On an EKS Auto Mode cluster nothing is swept: EKS deletes the instances,
 * load balancers and network interfaces it made itself.
 */
export async function sweepControllerLeftovers(
  run: ProvisioningRun,
  clusterName: string,
  cluster: Cluster | undefined,
): Promise<void> {
  if (cluster?.computeConfig?.enabled) {
    run.logger.info(
      `Cluster ${clusterName} runs EKS Auto Mode: EKS deletes the instances, load balancers and network interfaces it made itself, so nothing is swept`,
    );
    return;
  }
  await sweepKarpenterInstances(run, clusterName);
  await sweepKarpenterLaunchTemplates(run, clusterName);
  await sweepLoadBalancers(run, clusterName);
  await sweepVpcBlockers(run, clusterName);
}
