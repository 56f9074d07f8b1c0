/**
 * Links into the portal's software templates, prefilled with the values a
 * fix needs: the scaffolder reads a template's initial form values from the
 * `formData` query parameter (JSON).
 */

/** The name of the "Pod Identity for a workload" template. @public */
export const POD_IDENTITY_TEMPLATE_NAME = 'eks-pod-identity';

/** The form values of the Pod Identity template. @public */
export interface PodIdentityTemplateValues {
  cluster: string;
  region: string;
  accountId?: string;
  namespace: string;
  serviceAccount: string;
  /** Managed policy ARNs for the new role. */
  managedPolicyArns?: string[];
}

/**
 * The portal path of the Pod Identity template with its form prefilled,
 * e.g. to give an add-on's service account the policies EKS recommends.
 *
 * @public
 */
export function podIdentityTemplatePath(
  values: PodIdentityTemplateValues,
): string {
  const formData: Record<string, unknown> = {
    cluster: values.cluster,
    region: values.region,
    ...(values.accountId ? { accountId: values.accountId } : {}),
    namespace: values.namespace,
    serviceAccount: values.serviceAccount,
    managedPolicyArns: values.managedPolicyArns ?? [],
  };
  return `/create/templates/default/${POD_IDENTITY_TEMPLATE_NAME}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

/** The name of the "Upgrade EKS cluster" template. @public */
export const UPGRADE_CLUSTER_TEMPLATE_NAME = 'upgrade-eks-cluster';

/** The name of the "Roll back EKS cluster upgrade" template. @public */
export const ROLLBACK_CLUSTER_TEMPLATE_NAME = 'rollback-eks-cluster';

/** The cluster a template link is for. @public */
export interface ClusterTemplateValues {
  /** The cluster's name (the templates' cluster picker). */
  clusterName: string;
  /** Its AWS region. */
  region: string;
  /** Its AWS account; left out for the portal's default account. */
  accountId?: string;
}

function templatePath(
  templateName: string,
  formData: Record<string, unknown>,
): string {
  return `/create/templates/default/${templateName}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

function clusterFormData(values: ClusterTemplateValues) {
  return {
    clusterName: values.clusterName,
    region: values.region,
    ...(values.accountId ? { accountId: values.accountId } : {}),
  };
}

/**
 * The portal path of the Upgrade EKS cluster template, prefilled for a
 * cluster and the version to upgrade it to (the next minor version).
 *
 * @public
 */
export function upgradeClusterTemplatePath(
  values: ClusterTemplateValues & { targetVersion?: string },
): string {
  return templatePath(UPGRADE_CLUSTER_TEMPLATE_NAME, {
    ...clusterFormData(values),
    ...(values.targetVersion ? { targetVersion: values.targetVersion } : {}),
  });
}

/**
 * The portal path of the Roll back EKS cluster upgrade template, prefilled
 * for a cluster (a rollback always returns to the previous version).
 *
 * @public
 */
export function rollbackClusterTemplatePath(
  values: ClusterTemplateValues,
): string {
  return templatePath(ROLLBACK_CLUSTER_TEMPLATE_NAME, clusterFormData(values));
}
