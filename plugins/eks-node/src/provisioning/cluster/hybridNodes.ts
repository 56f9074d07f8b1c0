import { ProvisioningRun } from '../ProvisioningRun';
import { ensureAccessEntry } from './accessEntries';

/** Title of the `ensureHybridNodesAccess` step. */
export const HYBRID_NODES_ACCESS_STEP =
  'access entry of the hybrid nodes role (HYBRID_LINUX)';

/**
 * Step of {@link createCluster} when remote networks name a hybrid nodes
 * role: a HYBRID_LINUX access entry for it, so that EKS Hybrid Nodes using
 * that role can join (EKS gives the entry its node username and groups; no
 * access policy is associated with node entries).
 */
export async function ensureHybridNodesAccess(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    roleArn: string;
    tags: Record<string, string>;
    /** A dry run of a cluster that does not exist yet. */
    clusterMissing: boolean;
  },
): Promise<void> {
  await ensureAccessEntry(run, {
    clusterName: opts.clusterName,
    principalArn: opts.roleArn,
    type: 'HYBRID_LINUX',
    tags: opts.tags,
    clusterMissing: opts.clusterMissing,
  });
}
