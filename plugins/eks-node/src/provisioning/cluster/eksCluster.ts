import {
  Cluster,
  CreateClusterCommandInput,
  CreateClusterCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { isProductionTagged } from '@backstage-eks/plugin-eks-common';
import { requireCluster } from '../clusterLookup';
import { roleNameFromArn } from '../iam';
import { ProvisioningRun } from '../ProvisioningRun';
import { runWaiter, TYPICAL_CREATE_SECONDS } from '../waiters';
import type { ClusterRoles } from './clusterRoles';
import type { CreateClusterOptions } from './createCluster';

/** What {@link ensureEksCluster} builds on: the earlier steps' results. */
export interface EksClusterPlan extends ClusterRoles {
  existing?: Cluster;
  kubernetesVersion: string;
  subnetIds: string[];
  tags: Record<string, string>;
}

/** Title of the {@link ensureEksCluster} step. */
export function eksClusterStepTitle(clusterName: string): string {
  return `EKS cluster ${clusterName}, until ACTIVE`;
}

/**
 * Step 3 of {@link createCluster}: creates the cluster (`authenticationMode:
 * API`, Auto Mode when asked) or adopts the existing one, reporting its
 * drift; waits until ACTIVE. Returns the cluster as EKS describes it, or, in
 * a dry run, the existing one (undefined when it would be created).
 */
export async function ensureEksCluster(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  plan: EksClusterPlan,
): Promise<Cluster | undefined> {
  const { clusterName } = opts;
  const { existing } = plan;
  // when the creation was asked for: the wait's first poll comes near its end
  let requestedAt: number | Date | undefined =
    existing?.status === 'CREATING' ? existing.createdAt : undefined;
  if (!existing) {
    await run.change(
      {
        action: 'create',
        resource: `EKS cluster ${clusterName}`,
        detail: clusterCreateDetail(opts, plan),
      },
      ['cluster', clusterName],
      async () => {
        await run.aws.eks.send(
          new CreateClusterCommand(createClusterInput(opts, plan)),
        );
      },
    );
    // EKS had started when it answered
    requestedAt = Date.now();
  } else {
    reportClusterDrift(run, existing, opts);
  }
  if (run.dryRun) return existing;
  if (existing?.status !== 'ACTIVE') {
    await runWaiter(
      run,
      `cluster ${clusterName} to become ACTIVE`,
      waitUntilClusterActive,
      run.aws.eks,
      { name: clusterName },
      TYPICAL_CREATE_SECONDS.cluster,
      requestedAt,
    );
  }
  return requireCluster(run, clusterName);
}

/**
 * Whether the cluster gets deletion protection: as asked, else on for a
 * cluster its tags mark as production.
 */
export function wantsDeletionProtection(
  opts: Pick<CreateClusterOptions, 'deletionProtection'>,
  tags: Record<string, string>,
): boolean {
  return opts.deletionProtection ?? isProductionTagged(tags);
}

/** The plan's words for the cluster: version and the settings asked for. */
function clusterCreateDetail(
  opts: CreateClusterOptions,
  plan: EksClusterPlan,
): string {
  return [
    `Kubernetes ${plan.kubernetesVersion}`,
    opts.autoMode ? 'Auto Mode' : undefined,
    opts.upgradePolicy ? `${opts.upgradePolicy} support` : undefined,
    wantsDeletionProtection(opts, plan.tags)
      ? 'deletion protection'
      : undefined,
    opts.zonalShift ? 'zonal shift' : undefined,
    opts.controlPlaneTier && opts.controlPlaneTier !== 'standard'
      ? `control plane ${opts.controlPlaneTier}`
      : undefined,
    opts.controlPlaneEgressMode
      ? `egress ${opts.controlPlaneEgressMode}`
      : undefined,
    opts.remoteNetwork ? 'Hybrid Nodes networks' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The CreateCluster call: API access, endpoints, Auto Mode's three parts,
 * and the settings asked for (support policy, deletion protection, zonal
 * shift, control plane tier and egress, remote networks).
 */
export function createClusterInput(
  opts: CreateClusterOptions,
  plan: EksClusterPlan,
): CreateClusterCommandInput {
  const remote = opts.remoteNetwork;
  return {
    name: opts.clusterName,
    version: plan.kubernetesVersion,
    roleArn: plan.clusterRoleArn,
    resourcesVpcConfig: {
      subnetIds: plan.subnetIds,
      endpointPublicAccess: opts.endpointPublicAccess ?? true,
      endpointPrivateAccess: opts.endpointPrivateAccess ?? true,
      ...(opts.controlPlaneEgressMode
        ? { controlPlaneEgressMode: opts.controlPlaneEgressMode }
        : {}),
    },
    accessConfig: {
      authenticationMode: 'API',
      bootstrapClusterCreatorAdminPermissions: true,
    },
    deletionProtection: wantsDeletionProtection(opts, plan.tags),
    ...(opts.upgradePolicy
      ? { upgradePolicy: { supportType: opts.upgradePolicy } }
      : {}),
    ...(opts.zonalShift !== undefined
      ? { zonalShiftConfig: { enabled: opts.zonalShift } }
      : {}),
    ...(opts.controlPlaneTier
      ? { controlPlaneScalingConfig: { tier: opts.controlPlaneTier } }
      : {}),
    ...(remote
      ? {
          remoteNetworkConfig: {
            remoteNodeNetworks: [{ cidrs: remote.nodeCidrs }],
            ...(remote.podCidrs?.length
              ? { remotePodNetworks: [{ cidrs: remote.podCidrs }] }
              : {}),
          },
        }
      : {}),
    ...(opts.autoMode
      ? {
          bootstrapSelfManagedAddons: false,
          computeConfig: {
            enabled: true,
            nodePools: ['general-purpose', 'system'],
            nodeRoleArn: plan.nodeRoleArn,
          },
          storageConfig: { blockStorage: { enabled: true } },
          kubernetesNetworkConfig: {
            elasticLoadBalancing: { enabled: true },
          },
        }
      : {}),
    tags: plan.tags,
  };
}

/**
 * Logs the adoption and reports what differs from the request and cannot
 * change. (The settings UpdateClusterConfig can change are changed by
 * ensureClusterSettings.)
 */
export function reportClusterDrift(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: CreateClusterOptions,
): void {
  const name = cluster.name;
  run.logger.info(`Cluster ${name} exists (${cluster.status}): adopting it`);
  const mode = cluster.accessConfig?.authenticationMode;
  if (mode && mode !== 'API') {
    run.reportDrift(
      `cluster ${name} uses authenticationMode ${mode}, not API (switch it with UpdateClusterConfig; the change is one-way)`,
    );
  }
  const autoMode = Boolean(cluster.computeConfig?.enabled);
  if (opts.autoMode !== undefined && autoMode !== opts.autoMode) {
    run.reportDrift(
      `cluster ${name} has Auto Mode ${autoMode ? 'on' : 'off'}, wanted ${
        opts.autoMode ? 'on' : 'off'
      }`,
    );
  }
  if (opts.clusterRoleArn && cluster.roleArn !== opts.clusterRoleArn) {
    run.reportDrift(
      `cluster ${name} uses role ${roleNameFromArn(
        cluster.roleArn ?? '',
      )}, not the given clusterRoleArn (a cluster's role cannot change)`,
    );
  }
}
