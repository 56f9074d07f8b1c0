import { createEksAddonInstallAction } from './addonInstall';
import { createEksCapabilityCreateAction } from './capabilityCreate';
import { createEksClusterCreateAction } from './clusterCreate';
import { createEksClusterDeleteAction } from './clusterDelete';
import { createEksClusterRollbackAction } from './clusterRollback';
import { createEksClusterUpgradeAction } from './clusterUpgrade';
import { createEksKarpenterInstallAction } from './karpenterInstall';
import { createEksPodIdentityCreateAction } from './podIdentityCreate';
import { EksActionOptions, resolveDependencies } from './shared';

export * from './addonInstall';
export * from './capabilityCreate';
export * from './clusterCreate';
export * from './clusterDelete';
export * from './clusterRollback';
export * from './clusterUpgrade';
export * from './karpenterInstall';
export * from './podIdentityCreate';
export type { EksActionOptions } from './shared';

/**
 * All eight EKS actions, sharing one set of dependencies (AWS clients are
 * cached per account and region).
 *
 * @public
 */
export function createEksActions(options: EksActionOptions) {
  const shared = { ...options, ...resolveDependencies(options) };
  return [
    createEksClusterCreateAction(shared),
    createEksAddonInstallAction(shared),
    createEksKarpenterInstallAction(shared),
    createEksPodIdentityCreateAction(shared),
    createEksCapabilityCreateAction(shared),
    createEksClusterUpgradeAction(shared),
    createEksClusterRollbackAction(shared),
    createEksClusterDeleteAction(shared),
  ];
}
