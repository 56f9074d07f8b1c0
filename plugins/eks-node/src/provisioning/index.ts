// Exports of the provisioning part of eks-node.
export * from './ProvisioningRun';
export * from './cluster/accessEntries';
export * from './cluster/clusterEntity';
export * from './clusterLookup';
export * from './cluster/clusterVersion';
export * from './cluster/createCluster';
export type { AccountIam } from './preflight/principals';
export * from './iam';
export * from './inputRules';
export * from './cluster/launchTemplate';
export * from './cluster/nodeGroup';
export * from './policies';
export * from './cluster/subnets';
export * from './tags';
export * from './ownership';
export * from './cluster/clusterOwnership';
export {
  isNotFoundError,
  pollUntil,
  runWaiter,
  TYPICAL_CREATE_SECONDS,
  WaiterFailedError,
} from './waiters';
export * from './karpenter';
export * from './cluster/createClusterInput';
export * from './addons/addonConfiguration';
export * from './addons/addonVersion';
export * from './addons/installAddons';
export * from './podIdentity';
export * from './capabilities';
export * from './delete';
export * from './kubernetesAccess';
export * from './kubernetesApply';
export * from './kubernetesRetry';
export * from './upgrade';
