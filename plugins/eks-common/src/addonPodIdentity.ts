import type { AddonSummary, PodIdentityAssociationSummary } from './health';

/**
 * The Kubernetes service accounts of EKS add-ons that call AWS APIs, where
 * the add-on runs them by default: the service accounts
 * DescribeAddonConfiguration's podIdentityConfiguration names, in the
 * add-on's namespace.
 *
 * @public
 */
export const ADDON_SERVICE_ACCOUNTS: Readonly<
  Record<string, readonly { namespace: string; serviceAccount: string }[]>
> = {
  'vpc-cni': [{ namespace: 'kube-system', serviceAccount: 'aws-node' }],
  'aws-ebs-csi-driver': [
    { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  ],
  'aws-efs-csi-driver': [
    { namespace: 'kube-system', serviceAccount: 'efs-csi-controller-sa' },
  ],
  'aws-mountpoint-s3-csi-driver': [
    { namespace: 'kube-system', serviceAccount: 's3-csi-driver-sa' },
  ],
  'external-dns': [
    { namespace: 'external-dns', serviceAccount: 'external-dns' },
  ],
  'amazon-cloudwatch-observability': [
    { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent' },
  ],
};

/**
 * The Pod Identity associations that give an add-on its AWS credentials:
 * those EKS lists on the add-on (its own `podIdentityAssociations`, made
 * with the add-on), those the add-on owns (`ownerArn`), and those made
 * apart from it (e.g. by the Pod Identity template) for one of its service
 * accounts, matched by namespace and service account.
 *
 * @public
 */
export function addonPodIdentityAssociations(
  addon: Pick<AddonSummary, 'name' | 'podIdentityAssociations' | 'namespace'>,
  associations: readonly PodIdentityAssociationSummary[],
): PodIdentityAssociationSummary[] {
  const ownArns = addon.podIdentityAssociations;
  // an add-on installed in a namespace of its own runs its service accounts there
  const serviceAccounts = (ADDON_SERVICE_ACCOUNTS[addon.name] ?? []).map(s =>
    addon.namespace ? { ...s, namespace: addon.namespace } : s,
  );
  return associations.filter(
    a =>
      ownArns.some(
        arn => a.associationId !== '' && arn.endsWith(`/${a.associationId}`),
      ) ||
      (a.ownerArn !== undefined &&
        a.ownerArn.includes(`:addon/`) &&
        a.ownerArn.split('/')[2] === addon.name) ||
      serviceAccounts.some(
        s =>
          s.namespace === a.namespace && s.serviceAccount === a.serviceAccount,
      ),
  );
}
