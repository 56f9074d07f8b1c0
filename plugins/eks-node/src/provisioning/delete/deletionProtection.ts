import { Cluster } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { updateClusterConfig } from '../clusterConfigUpdate';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * A cluster with deletion protection is deleted only after a typed
 * confirmation matched its name (checked with the other options, before
 * any write): without one, nothing is deleted.
 */
export function checkDeletionProtection(
  cluster: Cluster | undefined,
  confirmClusterName: string | undefined,
): void {
  if (!cluster?.deletionProtection || cluster.status === 'DELETING') return;
  if (confirmClusterName === undefined) {
    throw new InputError(
      `confirmClusterName is required: cluster ${cluster.name} has deletion protection on, which is turned off only after the cluster's name is typed to confirm; nothing was deleted`,
    );
  }
}

/** What turning deletion protection off says in the log and the report. */
export function deletionProtectionNote(clusterName: string): string {
  return `Turned off deletion protection of EKS cluster ${clusterName} (UpdateClusterConfig deletionProtection: false): the typed confirmation matched the cluster's name`;
}

/**
 * Turns deletion protection off (UpdateClusterConfig) and waits until the
 * update has succeeded, so DeleteCluster is accepted; returns whether the
 * cluster had it on. Called only once the confirmation matched
 * (validateDeleteClusterOptions, checkDeletionProtection).
 */
export async function turnOffDeletionProtection(
  run: ProvisioningRun,
  cluster: Cluster,
): Promise<boolean> {
  const name = cluster.name ?? '';
  if (!cluster.deletionProtection) return false;
  run.logger.info(
    `Cluster ${name} has deletion protection on; the typed confirmation matched its name, so it is turned off`,
  );
  const changed = await updateClusterConfig(run, {
    clusterName: name,
    what: 'deletion protection',
    change: {
      action: 'update',
      resource: `EKS cluster ${name} deletion protection`,
      detail:
        "deletionProtection: false (the typed confirmation matched the cluster's name)",
    },
    checkpoint: ['deletion-protection-off', name],
    input: { deletionProtection: false },
  });
  if (!changed) return true;
  run.logger.info(deletionProtectionNote(name));
  return true;
}
