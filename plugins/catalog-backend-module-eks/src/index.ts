/**
 * Catalog module that discovers Amazon EKS clusters as `Resource` entities.
 *
 * @packageDocumentation
 */

export { catalogModuleEksClusters as default } from './module';
export {
  EksClusterEntityProvider,
  type EksClusterEntityProviderOptions,
  type EksClusterDiscoveryTarget,
} from './EksClusterEntityProvider';
