import {
  DescribeUpdateCommand,
  UpdateClusterConfigCommand,
  UpdateClusterConfigCommandInput,
} from '@aws-sdk/client-eks';
import { PlannedChange, ProvisioningRun } from './ProvisioningRun';
import { pollUntil } from './waiters';

/** One UpdateClusterConfig: the change it is in the plan and what it sends. */
export interface ClusterConfigUpdate {
  clusterName: string;
  /** What is updated, in words: `zonal shift`, `deletion protection`. */
  what: string;
  /** The planned change, as the plan and the log show it. */
  change: PlannedChange;
  /** The checkpoint key parts, so a resumed task does not send it twice. */
  checkpoint: string[];
  /** Everything but the cluster's name (EKS takes one kind of update per call). */
  input: Omit<UpdateClusterConfigCommandInput, 'name'>;
}

/**
 * Sends one UpdateClusterConfig as a checkpointed change of the run and
 * waits until EKS says the update succeeded (DescribeUpdate; the SDK has no
 * waiter for updates); a Failed or Cancelled update fails with its errors.
 * Returns whether the cluster was changed (false in a dry run, which only
 * plans it). Every provisioning flow that changes a cluster's configuration
 * goes through here.
 */
export async function updateClusterConfig(
  run: ProvisioningRun,
  update: ClusterConfigUpdate,
): Promise<boolean> {
  const { clusterName, what } = update;
  const updateId = await run.change(
    update.change,
    update.checkpoint,
    async () => {
      const out = await run.aws.eks.send(
        new UpdateClusterConfigCommand({ name: clusterName, ...update.input }),
      );
      return out.update?.id ?? '';
    },
  );
  if (run.dryRun) return false;
  if (!updateId) return true;
  await pollUntil(
    run,
    `the ${what} update ${updateId} of cluster ${clusterName}`,
    async () => {
      const { update: status } = await run.aws.eks.send(
        new DescribeUpdateCommand({ name: clusterName, updateId }),
      );
      if (status?.status === 'Failed' || status?.status === 'Cancelled') {
        throw new Error(
          `The ${what} update of cluster ${clusterName} ${status.status.toLowerCase()}: ${(
            status.errors ?? []
          )
            .map(e => `${e.errorCode}: ${e.errorMessage}`)
            .join('; ')}`,
        );
      }
      return status?.status === 'Successful';
    },
  );
  return true;
}
