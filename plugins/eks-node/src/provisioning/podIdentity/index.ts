// The Pod Identity flow's public names.
export { ensurePodIdentityAgent } from './agent';
export { ensurePodIdentityAssociation } from './association';
export {
  createPodIdentity,
  MAX_SESSION_POLICY_LENGTH,
  POD_IDENTITY_SESSION_NAME_NOTE,
  validateCreatePodIdentityOptions,
  type CreatePodIdentityOptions,
  type CreatePodIdentityResult,
} from './createPodIdentity';
export { checkPodIdentitySupported } from './supported';
export {
  assumeTargetRolePolicy,
  podIdentityExternalId,
  targetRoleTrustStatements,
  type TargetAccountIam,
} from './targetRole';
