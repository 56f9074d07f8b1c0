import { Cluster, UpdateClusterConfigCommandInput } from '@aws-sdk/client-eks';
import { updateClusterConfig } from '../clusterConfigUpdate';
import { ProvisioningRun } from '../ProvisioningRun';
import type { CreateClusterOptions } from './createCluster';

/** One setting an adopted cluster is brought to: what and the update that does it. */
interface SettingUpdate {
  /** e.g. `control plane tier` */
  what: string;
  from: string;
  to: string;
  input: Omit<UpdateClusterConfigCommandInput, 'name'>;
}

const sorted = (list: string[] | undefined) => [...(list ?? [])].sort();
const sameList = (a: string[] | undefined, b: string[] | undefined) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** The remote networks update, when the request names networks the cluster lacks. */
function remoteNetworkUpdate(
  cluster: Cluster,
  opts: CreateClusterOptions,
): SettingUpdate | undefined {
  const remote = opts.remoteNetwork;
  if (!remote) return undefined;
  const nodes = cluster.remoteNetworkConfig?.remoteNodeNetworks?.flatMap(
    n => n.cidrs ?? [],
  );
  const pods = cluster.remoteNetworkConfig?.remotePodNetworks?.flatMap(
    n => n.cidrs ?? [],
  );
  if (sameList(nodes, remote.nodeCidrs) && sameList(pods, remote.podCidrs)) {
    return undefined;
  }
  return {
    what: 'remote networks',
    from: `nodes [${sorted(nodes)}], pods [${sorted(pods)}]`,
    to: `nodes [${sorted(remote.nodeCidrs)}], pods [${sorted(
      remote.podCidrs,
    )}]`,
    input: {
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: remote.nodeCidrs }],
        ...(remote.podCidrs?.length
          ? { remotePodNetworks: [{ cidrs: remote.podCidrs }] }
          : {}),
      },
    },
  };
}

/** Whether the request names any of the settings `ensureClusterSettings` keeps. */
export function asksForClusterSettings(opts: CreateClusterOptions): boolean {
  return [
    opts.upgradePolicy,
    opts.deletionProtection,
    opts.zonalShift,
    opts.controlPlaneTier,
    opts.controlPlaneEgressMode,
    opts.remoteNetwork,
  ].some(v => v !== undefined);
}

/** Title of the `ensureClusterSettings` step. */
export function clusterSettingsStepTitle(clusterName: string): string {
  return `settings of EKS cluster ${clusterName} (support policy, deletion protection, zonal shift, control plane tier and egress, remote networks)`;
}

/**
 * The updates that bring a cluster to the settings the request names, each
 * its own UpdateClusterConfig (EKS takes one kind of update per call).
 * Settings the request leaves out are left as they are. An egress mode EKS
 * cannot go back to (CUSTOMER_ROUTED to AWS_MANAGED) is drift, not an update.
 */
export function clusterSettingUpdates(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: CreateClusterOptions,
): SettingUpdate[] {
  const updates: SettingUpdate[] = [];
  const add = (
    what: string,
    has: string | boolean,
    wanted: string | boolean | undefined,
    input: SettingUpdate['input'],
  ) => {
    if (wanted !== undefined && has !== wanted) {
      updates.push({ what, from: String(has), to: String(wanted), input });
    }
  };
  add(
    'support policy',
    cluster.upgradePolicy?.supportType ?? 'EXTENDED',
    opts.upgradePolicy,
    { upgradePolicy: { supportType: opts.upgradePolicy } },
  );
  add(
    'deletion protection',
    cluster.deletionProtection ?? false,
    opts.deletionProtection,
    { deletionProtection: opts.deletionProtection },
  );
  add(
    'zonal shift',
    cluster.zonalShiftConfig?.enabled ?? false,
    opts.zonalShift,
    {
      zonalShiftConfig: { enabled: opts.zonalShift },
    },
  );
  add(
    'control plane tier',
    cluster.controlPlaneScalingConfig?.tier ?? 'standard',
    opts.controlPlaneTier,
    { controlPlaneScalingConfig: { tier: opts.controlPlaneTier } },
  );
  const egress =
    cluster.resourcesVpcConfig?.controlPlaneEgressMode ?? 'AWS_MANAGED';
  if (
    egress === 'CUSTOMER_ROUTED' &&
    opts.controlPlaneEgressMode === 'AWS_MANAGED'
  ) {
    run.reportDrift(
      `cluster ${cluster.name} routes control plane egress through its VPC (CUSTOMER_ROUTED), not AWS_MANAGED (EKS cannot change it back)`,
    );
  } else {
    add('control plane egress', egress, opts.controlPlaneEgressMode, {
      resourcesVpcConfig: {
        controlPlaneEgressMode: opts.controlPlaneEgressMode,
      },
    });
  }
  const remote = remoteNetworkUpdate(cluster, opts);
  if (remote) updates.push(remote);
  return updates;
}

/**
 * Step of {@link createCluster} for an adopted cluster whose request names
 * settings: each setting that differs is changed, as asked, with its own
 * UpdateClusterConfig, one after the other (EKS refuses an update while
 * another runs), each waited for.
 */
export async function ensureClusterSettings(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: CreateClusterOptions,
): Promise<void> {
  const name = cluster.name ?? opts.clusterName;
  const updates = clusterSettingUpdates(run, cluster, opts);
  if (updates.length === 0) {
    run.logger.info(`Cluster ${name} has the settings asked for`);
    return;
  }
  for (const update of updates) {
    run.reportRequestedChange(
      `cluster ${name} ${update.what} from ${update.from} to ${update.to}`,
    );
    await updateClusterConfig(run, {
      clusterName: name,
      what: update.what,
      change: {
        action: 'update',
        resource: `EKS cluster ${name} ${update.what}`,
        detail: `${update.from} -> ${update.to}`,
      },
      checkpoint: ['cluster-setting', name, update.what, update.to],
      input: update.input,
    });
  }
}
