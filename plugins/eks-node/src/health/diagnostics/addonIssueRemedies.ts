/**
 * What to do about each EKS add-on health issue code (`health.issues[].code`
 * of DescribeAddon).
 *
 * @public
 */
export const ADDON_ISSUE_REMEDIES: Readonly<Record<string, string>> = {
  AccessDenied:
    'The add-on lacks AWS permissions. Give its service account a role with the policies DescribeAddonConfiguration recommends (Pod Identity association or IRSA), then update the add-on.',
  AddonPermissionFailure:
    'The add-on lacks AWS permissions. Check the role of its Pod Identity association or IRSA annotation and the policies DescribeAddonConfiguration recommends.',
  IamRoleNotFound:
    'The IAM role named for the add-on does not exist. Create it (or fix the role ARN in the add-on or its Pod Identity association) and update the add-on.',
  InsufficientNumberOfReplicas:
    "Too few of the add-on's pods are running. Look at their events (`kubectl -n kube-system describe pod`): usually no node has room or matches their tolerations; add capacity or fix scheduling constraints.",
  ConfigurationConflict:
    'Resources the add-on manages were changed outside EKS. Update the add-on with resolveConflicts=OVERWRITE (EKS takes them back) or PRESERVE (keeps your changes).',
  AdmissionRequestDenied:
    "An admission webhook (policy engine such as Kyverno or Gatekeeper) rejected the add-on's resources. Exempt the add-on's namespace or resources in the policy, then retry.",
  ClusterUnreachable:
    "EKS cannot reach the Kubernetes API of the cluster. Check the cluster's endpoint access settings, its security groups and that the control plane is ACTIVE.",
  ImagePullFailure:
    "Nodes cannot pull the add-on's images. Check node egress to ECR (NAT gateway or VPC endpoints for ecr.api, ecr.dkr and s3) and the node role's ECR read permissions.",
  PodEvictionFailure:
    "An update could not evict the add-on's old pods, usually because a PodDisruptionBudget allows no disruption. Relax the PDB or add capacity, then retry the update.",
  K8sResourceNotFound:
    'A Kubernetes resource the add-on needs was deleted. Update the add-on with resolveConflicts=OVERWRITE to recreate it.',
  UnsupportedAddonModification:
    'The add-on was changed in a way EKS does not support (e.g. a field it manages). Revert the change, or update the add-on with resolveConflicts=OVERWRITE.',
  AddonSubscriptionNeeded:
    'The add-on comes from AWS Marketplace and the account has no subscription. Subscribe to it in AWS Marketplace, then retry.',
  InternalFailure:
    'EKS failed internally. Retry the operation; open an AWS support case if it persists.',
};

/** The remedy of an add-on issue code, when known. @public */
export function remedyForAddonIssue(code: string): string | undefined {
  return ADDON_ISSUE_REMEDIES[code];
}
