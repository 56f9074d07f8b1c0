import { ProvisioningRun } from '../ProvisioningRun';
import type { UpgradeDependencies } from './types';
import type {
  ClusterUpgradePlan,
  UpgradeClusterOptions,
  UpgradeClusterResult,
} from './types';

/**
 * The plan of an upgrade: what the dry run shows and the run logs first.
 *
 * @public
 */
export async function planClusterUpgrade(
  _run: ProvisioningRun,
  _opts: UpgradeClusterOptions,
  _deps: UpgradeDependencies,
): Promise<ClusterUpgradePlan> {
  throw new Error('not implemented');
}

/**
 * Upgrades a cluster one Kubernetes minor version.
 *
 * @public
 */
export async function upgradeCluster(
  _run: ProvisioningRun,
  _opts: UpgradeClusterOptions,
  _deps: UpgradeDependencies,
): Promise<UpgradeClusterResult> {
  throw new Error('not implemented');
}
