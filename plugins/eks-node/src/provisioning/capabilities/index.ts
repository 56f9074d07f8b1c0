// The EKS Capabilities flow's public names.
export {
  deleteCapability,
  findCapability,
  listCapabilities,
  waitForCapabilityActive,
  waitForCapabilityDeleted,
  capabilityIssueLines,
} from './capability';
export {
  CAPABILITY_ROLE_TRUST,
  capabilityNameOf,
  checkCapabilityRequest,
  createCapability,
  ensureCapability,
  ensureCapabilityRole,
  validateCreateCapabilityOptions,
  type CreateCapabilityOptions,
  type CreateCapabilityResult,
} from './createCapability';
