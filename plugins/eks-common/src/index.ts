/**
 * Shared vocabulary of the EKS plugins: annotations, ARNs, permissions, input
 * rules and the health model.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './api';
export * from './arn';
export * from './entity';
export * from './health';
export * from './karpenter';
export * from './permissions';
export * from './validation';
export * from './clusterSettings';
export * from './nodeGroupScaling';
export * from './addonConfiguration';
export * from './versions';
export * from './templateLinks';
export * from './autoMode';
export * from './addonPodIdentity';
export * from './taskSteps';
export * from './wildcards';
export * from './capabilities';
export * from './clusterUpgrade';
export * from './fleet';
export * from './fleetTable';
