/**
 * Catalog annotations that identify an EKS cluster.
 *
 * The create action writes all of them; the entity page needs only one of the
 * ARN annotations. `amazonaws.com/arn` is the annotation that Backstage's own
 * AWS catalog module writes, so clusters it discovers work without changes.
 *
 * @packageDocumentation
 */

/** The plugin's own annotation: the cluster's ARN. @public */
export const EKS_CLUSTER_ARN_ANNOTATION = 'eks.backstage.io/cluster-arn';
/** The generic AWS ARN annotation used by `@backstage/plugin-catalog-backend-module-aws`. @public */
export const AWS_ARN_ANNOTATION = 'amazonaws.com/arn';
/** The AWS account id annotation used by `@backstage/plugin-catalog-backend-module-aws`. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';
/** Annotation used by community EKS providers (Roadie's catalog AWS module). @public */
export const LEGACY_EKS_CLUSTER_ARN_ANNOTATION = 'amazon.com/eks-cluster-arn';

/** Annotations read by the Backstage Kubernetes plugin's catalog cluster locator. @public */
export const KUBERNETES_API_SERVER_ANNOTATION = 'kubernetes.io/api-server';
/** @public */
export const KUBERNETES_API_SERVER_CA_ANNOTATION =
  'kubernetes.io/api-server-certificate-authority';
/** @public */
export const KUBERNETES_AUTH_PROVIDER_ANNOTATION =
  'kubernetes.io/auth-provider';
/** @public */
export const KUBERNETES_AWS_CLUSTER_ID_ANNOTATION =
  'kubernetes.io/x-k8s-aws-id';

/** The `spec.type` of cluster `Resource` entities. @public */
export const EKS_CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/**
 * The annotations checked, in order, for a cluster's ARN.
 *
 * @public
 */
export const EKS_CLUSTER_ARN_ANNOTATIONS = [
  EKS_CLUSTER_ARN_ANNOTATION,
  AWS_ARN_ANNOTATION,
  LEGACY_EKS_CLUSTER_ARN_ANNOTATION,
] as const;
