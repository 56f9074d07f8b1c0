// The Karpenter flow's public names.
export * from './controllerPolicy';
export { ensureDiscoveryTags, KARPENTER_DISCOVERY_TAG } from './discoveryTags';
export type { DiscoveryTagResult } from './discoveryTags';
export { controllerRoleIncompatibility } from './controllerRoleCheck';
export {
  inspectExistingKarpenter,
  type ExistingKarpenter,
} from './existingKarpenter';
export * from './helm';
export { KARPENTER_CHART } from './helmChart';
export { KARPENTER_CRD_CHART } from './crds';
export {
  adoptIntoRelease,
  karpenterChartObjects,
  type ReleaseObject,
} from './helmOwnership';
export { installKarpenter } from './installKarpenter';
export {
  ensureInterruptionQueue,
  INTERRUPTION_MESSAGE_RETENTION_SECONDS,
  interruptionQueueFindings,
  interruptionQueuePolicy,
  queuePolicyLetsEventBridgeSend,
} from './interruptionQueue';
export {
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
  type InterruptionRuleSpec,
} from './interruptionRules';
export {
  defaultEc2NodeClass,
  defaultNodePool,
  keepNodeClassIdentity,
  type DefaultNodePoolOptions,
} from './nodePool';
export {
  DEFAULT_KARPENTER_VERSION,
  validateInstallKarpenterOptions,
  type InstallKarpenterOptions,
  type InstallKarpenterResult,
} from './request';
