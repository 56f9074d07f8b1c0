/**
 * Scaffolder actions for Amazon EKS: create clusters, install add-ons, set up
 * Karpenter and Pod Identity, delete clusters safely.
 *
 * @packageDocumentation
 */

export { scaffolderModuleEks as default } from './module';
export {
  ADDON_INSTALL_ACTION_ID,
  CLUSTER_CREATE_ACTION_ID,
  CLUSTER_DELETE_ACTION_ID,
  KARPENTER_INSTALL_ACTION_ID,
  POD_IDENTITY_CREATE_ACTION_ID,
  createEksActions,
  createEksAddonInstallAction,
  createEksClusterCreateAction,
  createEksClusterDeleteAction,
  createEksKarpenterInstallAction,
  createEksPodIdentityCreateAction,
  type EksActionOptions,
} from './actions';
