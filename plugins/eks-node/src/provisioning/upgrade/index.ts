// Upgrading a cluster one minor version, and rolling it back.
export { planClusterUpgrade, upgradeCluster } from './upgradeCluster';
export { planClusterRollback, rollbackCluster } from './rollbackCluster';
export type {
  ClusterRollbackPlan,
  ClusterUpgradePlan,
  RollbackClusterOptions,
  RollbackClusterResult,
  UpgradeClusterOptions,
  UpgradeClusterResult,
  UpgradeDependencies,
  UpgradeFinding,
  UpgradeStepTiming,
  VersionChange,
} from './types';
