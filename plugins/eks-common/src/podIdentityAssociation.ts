/** An EKS Pod Identity association. @public */
export interface PodIdentityAssociationSummary {
  associationId: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  /** Add-on that owns the association, if any. */
  ownerArn?: string;
  /** The role the association's role assumes in turn (role chaining). */
  targetRoleArn?: string;
  /**
   * The sts:ExternalId EKS passes when it assumes the target role: what
   * the target role's trust policy must require.
   */
  externalId?: string;
  /** Whether the Pod Identity session tags are turned off. */
  disableSessionTags?: boolean;
  /** The inline session policy (JSON) that narrows the role's permissions. */
  sessionPolicy?: string;
}
