import { Cluster } from '@aws-sdk/client-eks';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { ensureRole } from '../iam';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import type { CreateClusterOptions } from './createCluster';
import { ensureNodeRole } from './nodeGroup';

const AUTO_MODE_CLUSTER_POLICIES = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy',
];
const AUTO_MODE_NODE_POLICIES = [
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryPullOnly',
];

/** The roles a cluster runs with. */
export interface ClusterRoles {
  clusterRoleArn: string;
  /** Set when the cluster has a node group or Auto Mode. */
  nodeRoleArn?: string;
}

/** Whether the cluster's nodes need a role: a node group or Auto Mode. */
export function needsNodeRole(opts: CreateClusterOptions): boolean {
  return Boolean(opts.autoMode || opts.nodeGroup);
}

/** Title of the {@link ensureClusterRoles} step. */
export function clusterRolesStepTitle(opts: CreateClusterOptions): string {
  return needsNodeRole(opts)
    ? 'IAM roles of the cluster and its nodes'
    : 'IAM role of the cluster';
}

/**
 * Step 2 of {@link createCluster}: the cluster's IAM role (an existing
 * cluster's, the given one, or `<cluster>-cluster` trusting EKS, with the
 * Auto Mode policies when asked) and, for a node group or Auto Mode, the
 * node role (the given one or `<cluster>-node`).
 */
export async function ensureClusterRoles(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  { existing, tags }: { existing?: Cluster; tags: Record<string, string> },
): Promise<ClusterRoles> {
  const { clusterName } = opts;
  const partition = partitionForRegion(run.region);
  const managed = (names: string[]) =>
    names.map(name => awsManagedPolicyArn(partition, name));
  const clusterRoleArn =
    existing?.roleArn ??
    opts.clusterRoleArn ??
    (await ensureRole(run, {
      name: `${clusterName}-cluster`.slice(0, 64),
      description: `EKS cluster ${clusterName}`,
      trustPolicy: serviceTrustPolicy('eks.amazonaws.com', [
        'sts:AssumeRole',
        'sts:TagSession',
      ]),
      managedPolicyArns: managed(
        opts.autoMode ? AUTO_MODE_CLUSTER_POLICIES : ['AmazonEKSClusterPolicy'],
      ),
      tags,
    }));
  const nodeRoleArn = needsNodeRole(opts)
    ? opts.nodeRoleArn ??
      (await ensureNodeRole(run, {
        name: `${clusterName}-node`.slice(0, 64),
        tags,
        extraPolicyArns: opts.autoMode ? managed(AUTO_MODE_NODE_POLICIES) : [],
      }))
    : undefined;
  return { clusterRoleArn, nodeRoleArn };
}
