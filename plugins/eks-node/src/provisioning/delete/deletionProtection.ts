import {
  Cluster,
  DescribeUpdateCommand,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { ProvisioningRun } from '../ProvisioningRun';
import { pollUntil } from '../waiters';

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
  const updateId = await run.change(
    {
      action: 'update',
      resource: `EKS cluster ${name} deletion protection`,
      detail:
        "deletionProtection: false (the typed confirmation matched the cluster's name)",
    },
    ['deletion-protection-off', name],
    async () => {
      const { update } = await run.aws.eks.send(
        new UpdateClusterConfigCommand({ name, deletionProtection: false }),
      );
      return update?.id ?? '';
    },
  );
  if (run.dryRun || !updateId) return true;
  await pollUntil(
    run,
    `the update ${updateId} turning off deletion protection of cluster ${name}`,
    async () => {
      const { update } = await run.aws.eks.send(
        new DescribeUpdateCommand({ name, updateId }),
      );
      if (update?.status === 'Failed' || update?.status === 'Cancelled') {
        throw new Error(
          `Turning off deletion protection of cluster ${name} ${update.status.toLowerCase()}: ${(
            update.errors ?? []
          )
            .map(e => `${e.errorCode}: ${e.errorMessage}`)
            .join('; ')}`,
        );
      }
      return update?.status === 'Successful';
    },
  );
  run.logger.info(deletionProtectionNote(name));
  return true;
}
