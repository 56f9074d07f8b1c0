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
