import type {
  ControlPlaneEgressMode,
  ControlPlaneTier,
  RemoteNetworks,
  UpgradeSupportType,
} from '@backstage-eks/plugin-eks-common';
import { findCluster } from '../clusterLookup';
import type { AccountIam } from '../preflight';
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
  asksForClusterSettings,
  clusterSettingsStepTitle,
  ensureClusterSettings,
} from './clusterSettingsUpdate';
import {
  ensureHybridNodesAccess,
  HYBRID_NODES_ACCESS_STEP,
} from './hybridNodes';
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
  /**
   * What happens when the version's standard support ends: EXTENDED (EKS's
   * default) keeps the version in extended support at a higher price,
   * STANDARD upgrades the cluster automatically. Default: EKS's (EXTENDED).
   */
  upgradePolicy?: UpgradeSupportType;
  /**
   * DeleteCluster is refused while on. Default: on when the tags mark the
   * cluster as production (`isProductionTagged`), else off.
   */
  deletionProtection?: boolean;
  /** ARC zonal shift (and zonal autoshift) for the cluster. Default: off. */
  zonalShift?: boolean;
  /** Provisioned Control Plane tier. Default: EKS's (`standard`). */
  controlPlaneTier?: ControlPlaneTier;
  /** Control plane egress routing. Default: EKS's (`AWS_MANAGED`). */
  controlPlaneEgressMode?: ControlPlaneEgressMode;
  /**
   * Remote node and pod networks for EKS Hybrid Nodes, and the IAM role the
   * hybrid nodes use (it gets a HYBRID_LINUX access entry).
   */
  remoteNetwork?: RemoteNetworks & { hybridNodesRoleArn?: string };
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
  /** Whether EKS refuses to delete the cluster (in a dry run: would). */
  deletionProtection: boolean;
  /** False when an existing cluster was adopted. */
  created: boolean;
  entity: ClusterResourceEntity;
  plan: PlannedChange[];
  drift: string[];
}

/** What {@link createCluster} may use besides the run. @public */
export interface CreateClusterDependencies {
  /**
   * IAM of other accounts with the portal's credentials, to check that
   * admins of those accounts exist before any write.
   */
  accountIam?: AccountIam;
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
 * ensureClusterSettings} (an adopted cluster whose request names settings),
 * {@link ensureAdminAccessEntries} (when admins are named), {@link
 * ensureHybridNodesAccess} (when a hybrid nodes role is named), {@link ensureNodeGroup}
 * (when a node group is asked for), then {@link clusterResult}.
 *
 * @public
 */
export async function createCluster(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  deps: CreateClusterDependencies = {},
): Promise<CreateClusterResult> {
  validateCreateClusterOptions(opts, run.aws.target);
  const { clusterName, nodeGroup } = opts;
  const tags = resourceTags(clusterName, opts.tags);
  const existing = await findCluster(run, clusterName);
  const admins = opts.adminPrincipalArns ?? [];
  const hybridRoleArn = opts.remoteNetwork?.hybridNodesRoleArn;
  const settings = existing && asksForClusterSettings(opts);
  const optional = [settings, admins.length, hybridRoleArn, nodeGroup];
  run.beginSteps(3 + optional.filter(Boolean).length);

  const checked = await run.step(CHECK_CLUSTER_REQUEST_STEP, () =>
    checkClusterRequest(run, opts, existing, deps.accountIam),
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
  if (settings && cluster) {
    await run.step(clusterSettingsStepTitle(clusterName), () =>
      ensureClusterSettings(run, cluster, opts),
    );
  }
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
  if (hybridRoleArn) {
    await run.step(HYBRID_NODES_ACCESS_STEP, () =>
      ensureHybridNodesAccess(run, {
        clusterName,
        roleArn: hybridRoleArn,
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
