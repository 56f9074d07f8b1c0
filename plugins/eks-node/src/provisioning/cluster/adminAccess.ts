import { ProvisioningRun } from '../ProvisioningRun';
import { clusterAdminPolicyArn, ensureAccessEntry } from './accessEntries';

/** Title of the {@link ensureAdminAccessEntries} step. */
export const ADMIN_ACCESS_STEP = 'access entries of the cluster admins';

/**
 * Step 4 of {@link createCluster} (when admins are named): a STANDARD access
 * entry with AmazonEKSClusterAdminPolicy for each admin principal, in order.
 */
export async function ensureAdminAccessEntries(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    adminPrincipalArns: string[];
    tags: Record<string, string>;
    /** A dry run of a cluster that does not exist yet. */
    clusterMissing: boolean;
  },
): Promise<void> {
  for (const principalArn of opts.adminPrincipalArns) {
    await ensureAccessEntry(run, {
      clusterName: opts.clusterName,
      principalArn,
      type: 'STANDARD',
      accessPolicyArn: clusterAdminPolicyArn(run.region),
      tags: opts.tags,
      clusterMissing: opts.clusterMissing,
    });
  }
}
