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
  capabilityRoleName,
  validateCreateCapabilityOptions,
  type CreateCapabilityOptions,
  type CreateCapabilityResult,
} from './capabilityRequest';
export {
  checkCapabilityRequest,
  createCapability,
  ensureCapability,
  ensureCapabilityRole,
} from './createCapability';
