/**
 * The AWS and Kubernetes work of the EKS plugins: clients, waiters,
 * provisioning steps and the health model. Nothing here knows Backstage's
 * HTTP layer or the scaffolder.
 *
 * @packageDocumentation
 */

export * from './aws/AwsClientFactory';
export * from './kubernetes/eksToken';
export * from './kubernetes/KubernetesClientFactory';
export * from './aws/sandboxConfig';
export * from './aws/errors';
export * from './provisioning';
export * from './health';
export * from './accountResources';
