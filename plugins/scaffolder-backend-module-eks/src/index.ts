/**
 * Scaffolder actions for Amazon EKS: create clusters, install add-ons, set up
 * Karpenter and Pod Identity, delete clusters safely.
 *
 * @packageDocumentation
 */

export { scaffolderModuleEks as default } from './module';
export * from './actions';
