import { ProvisioningRun } from '../ProvisioningRun';
import type { UpgradeDependencies } from './types';
import type {
  ClusterRollbackPlan,
  RollbackClusterOptions,
  RollbackClusterResult,
} from './types';

/**
 * The plan of a rollback: what the dry run shows and the run logs first.
 *
 * @public
 */
export async function planClusterRollback(
  _run: ProvisioningRun,
  _opts: RollbackClusterOptions,
  _deps: UpgradeDependencies,
): Promise<ClusterRollbackPlan> {
  throw new Error('not implemented');
}

/**
 * Rolls a cluster back to the version it was upgraded from.
 *
 * @public
 */
export async function rollbackCluster(
  _run: ProvisioningRun,
  _opts: RollbackClusterOptions,
  _deps: UpgradeDependencies,
): Promise<RollbackClusterResult> {
  throw new Error('not implemented');
}
