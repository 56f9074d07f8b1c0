/**
 * The AWS and Kubernetes work of the EKS plugins: clients, waiters,
 * provisioning steps and the health model. Nothing here knows Backstage's
 * HTTP layer or the scaffolder.
 *
 * @packageDocumentation
 */

export * from './aws/AwsClientFactory';
