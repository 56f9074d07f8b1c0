// The Pod Identity flow's public names.
export { ensurePodIdentityAgent } from './agent';
export { ensurePodIdentityAssociation } from './association';
export {
  createPodIdentity,
  POD_IDENTITY_SESSION_NAME_NOTE,
  validateCreatePodIdentityOptions,
  type CreatePodIdentityOptions,
  type CreatePodIdentityResult,
} from './createPodIdentity';
export { checkPodIdentitySupported } from './supported';
