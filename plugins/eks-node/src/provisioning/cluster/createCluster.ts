import { findCluster } from '../clusterLookup';
import { PlannedChange, ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { ADMIN_ACCESS_STEP, ensureAdminAccessEntries } from './adminAccess';
import {
  checkClusterRequest,
  CHECK_CLUSTER_REQUEST_STEP,
} from './checkClusterRequest';
import { ClusterResourceEntity } from './clusterEntity';
import { clusterResult } from './clusterResult';
import { clusterRolesStepTitle, ensureClusterRoles } from './clusterRoles';
import { validateCreateClusterOptions } from './createClusterInput';
import { eksClusterStepTitle, ensureEksCluster } from './eksCluster';
import {
  ensureNodeGroup,
  NodeGroupSpec,
  nodeGroupStepTitle,
} from './nodeGroup';

/** Input of {@link createCluster}. @public */
export interface CreateClusterOptions {
  clusterName: string;
  /** Default: the newest version EKS offers. */
  kubernetesVersion?: string;
  /** Default: subnets tagged for load balancers, across >= 2 AZs. */
  subnetIds?: string[];
  vpcId?: string;
  /** Default: a role `<cluster>-cluster` is created. */
  clusterRoleArn?: string;
  /** IAM principals given AmazonEKSClusterAdminPolicy through access entries. */
  adminPrincipalArns?: string[];
  /** EKS Auto Mode: compute, block storage and load balancing managed by EKS. */
  autoMode?: boolean;
  /** A managed node group for system pods. */
  nodeGroup?: NodeGroupSpec;
  /** Node role for the node group or Auto Mode; default: `<cluster>-node` is created. */
  nodeRoleArn?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  tags?: Record<string, string>;
  /** Owner of the catalog entity. */
  owner: string;
  system?: string;
}

/** Outcome of {@link createCluster}. @public */
export interface CreateClusterResult {
  clusterName: string;
  arn: string;
  status: string;
  kubernetesVersion: string;
  endpoint: string;
  certificateAuthorityData: string;
  oidcIssuer: string;
  clusterSecurityGroupId: string;
  vpcId: string;
  subnetIds: string[];
  availabilityZones: string[];
  clusterRoleArn: string;
  nodeRoleArn?: string;
  nodeGroupName?: string;
  /** False when an existing cluster was adopted. */
  created: boolean;
  entity: ClusterResourceEntity;
  plan: PlannedChange[];
  drift: string[];
}

/**
 * Creates an EKS cluster as eksctl and terraform-aws-eks would, or adopts an
 * existing one: IAM roles, subnets, `authenticationMode: API` with access
 * entries for the admins, optional Auto Mode, optional managed node group
 * (IMDSv2, hop limit 2). Waits until ACTIVE.
 *
 * The input is checked first ({@link validateCreateClusterOptions}); the
 * steps: {@link checkClusterRequest} (read-only), {@link
 * ensureClusterRoles}, {@link ensureEksCluster}, {@link
 * ensureAdminAccessEntries} (when admins are named), {@link ensureNodeGroup}
 * (when a node group is asked for), then {@link clusterResult}.
 *
 * @public
 */
export async function createCluster(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
): Promise<CreateClusterResult> {
  validateCreateClusterOptions(opts, run.aws.target);
  const { clusterName, nodeGroup } = opts;
  const tags = resourceTags(clusterName, opts.tags);
  const existing = await findCluster(run, clusterName);
  const admins = opts.adminPrincipalArns ?? [];
  run.beginSteps(3 + (admins.length > 0 ? 1 : 0) + (nodeGroup ? 1 : 0));

  const checked = await run.step(CHECK_CLUSTER_REQUEST_STEP, () =>
    checkClusterRequest(run, opts, existing),
  );
  const roles = await run.step(clusterRolesStepTitle(opts), () =>
    ensureClusterRoles(run, opts, { existing, tags }),
  );
  const cluster = await run.step(eksClusterStepTitle(clusterName), () =>
    ensureEksCluster(run, opts, {
      ...roles,
      existing,
      kubernetesVersion: checked.kubernetesVersion,
      subnetIds: checked.subnets.subnetIds,
      tags,
    }),
  );
  if (admins.length > 0) {
    await run.step(ADMIN_ACCESS_STEP, () =>
      ensureAdminAccessEntries(run, {
        clusterName,
        adminPrincipalArns: admins,
        tags,
        clusterMissing: !cluster,
      }),
    );
  }
  const { nodeRoleArn } = roles;
  const group =
    nodeGroup && nodeRoleArn
      ? await run.step(nodeGroupStepTitle(nodeGroup), () =>
          ensureNodeGroup(run, {
            clusterName,
            spec: nodeGroup,
            nodeRoleArn,
            subnetIds: checked.subnets.subnetIds,
            tags,
            clusterMissing: !cluster,
          }),
        )
      : undefined;

  return clusterResult(run, opts, {
    checked,
    roles,
    cluster,
    created: !existing,
    nodeGroupName: group?.name,
  });
}
