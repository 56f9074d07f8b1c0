// Exports of the provisioning part of eks-node.
export * from './ProvisioningRun';
export * from './accessEntries';
export * from './clusterEntity';
export * from './clusterLookup';
export * from './clusterVersion';
export * from './createCluster';
export * from './iam';
export * from './inputRules';
export * from './launchTemplate';
export * from './nodeGroup';
export * from './policies';
export * from './subnets';
export * from './tags';
export * from './ownership';
export * from './ownershipCluster';
export {
  isNotFoundError,
  pollUntil,
  runWaiter,
  TYPICAL_CREATE_SECONDS,
  WaiterFailedError,
} from './waiters';
export * from './karpenter/helm';
export * from './createClusterInput';
export * from './addonConfiguration';
export * from './addonVersion';
export * from './installAddons';
export * from './podIdentity';
export * from './karpenter/controllerPolicy';
export * from './karpenter/discoveryTags';
export * from './karpenter/installKarpenter';
export * from './karpenter/interruptionQueue';
export * from './karpenter/existingKarpenter';
export * from './karpenter/nodePool';
export * from './deleteCluster';
export * from './leftovers';
export * from './kubernetesAccess';
export * from './kubernetesApply';
export * from './kubernetesRetry';
