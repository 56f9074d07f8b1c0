import type { AddonSummary } from '@backstage-eks/plugin-eks-common';
import {
  ADDON_SERVICE_ACCOUNTS,
  addonPodIdentityAssociations,
  partitionForRegion,
  podIdentityTemplatePath,
} from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations } from '../types';

/**
 * Add-ons whose pods need an IAM role of their own (they do not work on the
 * node's role), with the AWS managed policy EKS recommends for it. Their
 * service accounts are eks-common's ADDON_SERVICE_ACCOUNTS.
 *
 * @public
 */
export const ADDON_RECOMMENDED_POLICIES: Readonly<
  Record<string, { policy: string; managedPolicyPath?: string }>
> = {
  'aws-ebs-csi-driver': {
    policy: 'AmazonEBSCSIDriverPolicy',
    managedPolicyPath: 'service-role/AmazonEBSCSIDriverPolicy',
  },
  'aws-efs-csi-driver': {
    policy: 'AmazonEFSCSIDriverPolicy',
    managedPolicyPath: 'service-role/AmazonEFSCSIDriverPolicy',
  },
  'aws-mountpoint-s3-csi-driver': {
    policy: 'a policy allowing access to the S3 buckets it mounts',
  },
  'external-dns': {
    policy: 'AmazonRoute53FullAccess',
    managedPolicyPath: 'AmazonRoute53FullAccess',
  },
  'amazon-cloudwatch-observability': {
    policy: 'CloudWatchAgentServerPolicy',
    managedPolicyPath: 'CloudWatchAgentServerPolicy',
  },
};

/**
 * The Pod Identity template prefilled for an add-on that has no IAM role:
 * its service account and the managed policy EKS recommends.
 *
 * @public
 */
export function podIdentityActionFor(
  addon: AddonSummary,
  obs: ClusterObservations,
): { title: string; path: string } | undefined {
  const accounts = ADDON_SERVICE_ACCOUNTS[addon.name] ?? [];
  if (accounts.length !== 1) return undefined;
  const { target } = obs;
  const managed = ADDON_RECOMMENDED_POLICIES[addon.name]?.managedPolicyPath;
  return {
    title: `Create the Pod Identity association for ${accounts[0].serviceAccount}`,
    path: podIdentityTemplatePath({
      cluster: target.clusterName,
      region: target.region,
      accountId: target.accountId,
      // an add-on installed in a namespace of its own runs its service account there
      namespace: addon.namespace ?? accounts[0].namespace,
      serviceAccount: accounts[0].serviceAccount,
      managedPolicyArns: managed
        ? [
            `arn:${partitionForRegion(
              target.region,
            )}:iam::aws:policy/${managed}`,
          ]
        : [],
    }),
  };
}

/**
 * The cause of an add-on health issue: EKS's issue code, narrowed by what
 * the rest of the health document shows (an InsufficientNumberOfReplicas of
 * an add-on without its IAM role is a missing role, not missing capacity).
 *
 * @public
 */
export type AddonIssueCause =
  | 'missing-iam-role'
  | 'pod-identity-agent-not-active'
  | 'role-lacks-permissions'
  | 'iam-role-not-found'
  | 'no-nodes'
  | 'pods-not-scheduled'
  | 'configuration-conflict'
  | 'admission-denied'
  | 'cluster-unreachable'
  | 'image-pull-failure'
  | 'pod-eviction-failure'
  | 'kubernetes-resource-deleted'
  | 'unsupported-modification'
  | 'subscription-needed'
  | 'eks-internal-failure'
  | 'unknown';

/** An add-on health issue as DescribeAddon reports it. @public */
export interface AddonHealthIssue {
  code: string;
  message: string;
}

const CODE_CAUSES: Readonly<Record<string, AddonIssueCause>> = {
  AccessDenied: 'role-lacks-permissions',
  AddonPermissionFailure: 'role-lacks-permissions',
  IamRoleNotFound: 'iam-role-not-found',
  InsufficientNumberOfReplicas: 'pods-not-scheduled',
  ConfigurationConflict: 'configuration-conflict',
  AdmissionRequestDenied: 'admission-denied',
  ClusterUnreachable: 'cluster-unreachable',
  ImagePullFailure: 'image-pull-failure',
  PodEvictionFailure: 'pod-eviction-failure',
  K8sResourceNotFound: 'kubernetes-resource-deleted',
  UnsupportedAddonModification: 'unsupported-modification',
  AddonSubscriptionNeeded: 'subscription-needed',
  InternalFailure: 'eks-internal-failure',
};

/** Codes whose cause may be the add-on's missing AWS credentials. */
const CREDENTIAL_CODES = new Set([
  'AccessDenied',
  'AddonPermissionFailure',
  'InsufficientNumberOfReplicas',
]);

const MENTIONS_MISSING_ROLE =
  /no IAM role|no Pod Identity association|no AWS credentials|get no AWS credentials|NoCredentialProviders|failed to (retrieve|refresh cached) credentials/i;

function podIdentityAgentActive(obs: ClusterObservations): boolean {
  if (obs.cluster.data?.autoMode) return true;
  return (obs.addons.data ?? []).some(
    a => a.name === 'eks-pod-identity-agent' && a.status === 'ACTIVE',
  );
}

function clusterHasNoNodes(obs: ClusterObservations): boolean {
  if (obs.cluster.data?.autoMode) return false;
  const nodes = obs.nodes.data;
  const groups = obs.nodeGroups.data;
  const karpenter = obs.karpenter.data;
  return (
    !!nodes &&
    nodes.total === 0 &&
    !(groups ?? []).some(g => (g.desiredSize ?? 0) > 0) &&
    !karpenter?.installed &&
    (obs.fargateProfiles.data ?? []).length === 0
  );
}

/** How the add-on's service account gets AWS credentials, if it does. */
function roleOf(
  addon: AddonSummary,
  obs: ClusterObservations,
): 'irsa' | 'pod-identity' | 'none' {
  if (addon.serviceAccountRoleArn) return 'irsa';
  if (addon.podIdentityAssociations.length > 0) return 'pod-identity';
  const associated = addonPodIdentityAssociations(
    addon,
    obs.podIdentityAssociations.data ?? [],
  );
  return associated.length > 0 ? 'pod-identity' : 'none';
}

/**
 * The cause of one add-on health issue, from its code, its message, the
 * add-on and what else was observed on the cluster.
 *
 * @public
 */
export function addonIssueCause(
  issue: AddonHealthIssue,
  addon: AddonSummary,
  obs: ClusterObservations,
): AddonIssueCause {
  const byCode = CODE_CAUSES[issue.code] ?? 'unknown';
  if (!CREDENTIAL_CODES.has(issue.code)) return byCode;
  const role = roleOf(addon, obs);
  const needsRole =
    ADDON_RECOMMENDED_POLICIES[addon.name] !== undefined ||
    MENTIONS_MISSING_ROLE.test(issue.message);
  if (role === 'pod-identity' && !podIdentityAgentActive(obs)) {
    return 'pod-identity-agent-not-active';
  }
  if (needsRole && role === 'none') return 'missing-iam-role';
  if (issue.code === 'InsufficientNumberOfReplicas' && clusterHasNoNodes(obs)) {
    return 'no-nodes';
  }
  return byCode;
}

function serviceAccountOf(addon: AddonSummary): string {
  const accounts = ADDON_SERVICE_ACCOUNTS[addon.name] ?? [];
  return accounts.length > 0
    ? accounts.map(a => `${a.namespace}/${a.serviceAccount}`).join(', ')
    : `the service account of ${addon.name}`;
}

/**
 * What to do about an add-on issue, for its cause: every cause has exactly
 * one remedy, and the remedy names the add-on's own service account and
 * policy when they are known.
 *
 * @public
 */
export function remedyForAddonIssueCause(
  cause: AddonIssueCause,
  addon: AddonSummary,
): string {
  const policy =
    ADDON_RECOMMENDED_POLICIES[addon.name]?.policy ??
    'the policies EKS recommends';
  switch (cause) {
    case 'missing-iam-role':
      return `${
        addon.name
      } has no IAM role, so its pods get no AWS credentials. Create a Pod Identity association for ${serviceAccountOf(
        addon,
      )} with a role that has ${policy} (the "Pod Identity for a workload" template does this), or set the add-on's IRSA role; then update the add-on.`;
    case 'pod-identity-agent-not-active':
      return `${addon.name} has a Pod Identity association, but the eks-pod-identity-agent add-on is not ACTIVE, so no pod gets the role's credentials. Install the eks-pod-identity-agent add-on (or fix it if it is DEGRADED), then restart ${addon.name}'s pods.`;
    case 'role-lacks-permissions':
      return `The role of ${serviceAccountOf(
        addon,
      )} is not allowed to do what ${
        addon.name
      } needs. Attach ${policy} to the role (see DescribeAddonConfiguration for the recommended policies), then update the add-on.`;
    case 'iam-role-not-found':
      return `The IAM role named for ${addon.name} does not exist. Create it, or fix the role ARN in the add-on or its Pod Identity association, then update the add-on.`;
    case 'no-nodes':
      return `The cluster has no nodes to run ${addon.name}'s pods. Add a managed node group (or enable Auto Mode or Karpenter); the add-on turns ACTIVE once its pods run.`;
    case 'pods-not-scheduled':
      return `Too few of ${addon.name}'s pods are running. Read their events (\`kubectl -n kube-system describe pod\`): when no node has room or matches their tolerations, add capacity or relax the scheduling constraints; when they crash, read their logs.`;
    case 'configuration-conflict':
      return `Resources ${addon.name} manages were changed outside EKS. Update the add-on with resolveConflicts=OVERWRITE (EKS takes them back) or PRESERVE (keeps your changes).`;
    case 'admission-denied':
      return `An admission webhook (a policy engine such as Kyverno or Gatekeeper) rejected ${addon.name}'s resources. Exempt the add-on's namespace or resources in the policy, then retry.`;
    case 'cluster-unreachable':
      return "EKS cannot reach the cluster's Kubernetes API. Check the cluster's endpoint access settings and security groups, and that the control plane is ACTIVE.";
    case 'image-pull-failure':
      return `Nodes cannot pull ${addon.name}'s images. Check node egress to ECR (NAT gateway or VPC endpoints for ecr.api, ecr.dkr and s3) and the node role's ECR read permissions.`;
    case 'pod-eviction-failure':
      return `An update could not evict ${addon.name}'s old pods, usually because a PodDisruptionBudget allows no disruption. Relax the PodDisruptionBudget, then retry the update.`;
    case 'kubernetes-resource-deleted':
      return `A Kubernetes resource ${addon.name} needs was deleted. Update the add-on with resolveConflicts=OVERWRITE to recreate it.`;
    case 'unsupported-modification':
      return `${addon.name} was changed in a way EKS does not support (e.g. a field it manages). Revert the change, or update the add-on with resolveConflicts=OVERWRITE.`;
    case 'subscription-needed':
      return `${addon.name} comes from AWS Marketplace and the account has no subscription. Subscribe to it in AWS Marketplace, then retry.`;
    case 'eks-internal-failure':
      return 'EKS failed internally. Retry the operation; open an AWS support case if it persists.';
    default:
      return `Read ${addon.name}'s pods and events in its namespace, fix what they show, then update the add-on (resolveConflicts=OVERWRITE if its resources were changed).`;
  }
}

/** Every cause {@link addonIssueCause} can return. @public */
export const ADDON_ISSUE_CAUSES: readonly AddonIssueCause[] = [
  ...new Set<AddonIssueCause>([
    ...Object.values(CODE_CAUSES),
    'missing-iam-role',
    'pod-identity-agent-not-active',
    'no-nodes',
    'unknown',
  ]),
];

/** The add-on issue codes whose cause is known. @public */
export const KNOWN_ADDON_ISSUE_CODES: readonly string[] =
  Object.keys(CODE_CAUSES);

/**
 * The remedy of one issue of an add-on, from its cause.
 *
 * @public
 */
export function remedyForAddonIssue(
  issue: AddonHealthIssue,
  addon: AddonSummary,
  obs: ClusterObservations,
): string {
  return remedyForAddonIssueCause(addonIssueCause(issue, addon, obs), addon);
}

/** The add-ons with each health issue's remedy chosen from its cause. */
export function withAddonRemedies(
  addons: AddonSummary[],
  obs: ClusterObservations,
): AddonSummary[] {
  return addons.map(addon => ({
    ...addon,
    health: addon.health.map(issue => ({
      ...issue,
      remedy: remedyForAddonIssue(issue, addon, obs),
    })),
  }));
}
