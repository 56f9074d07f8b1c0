import { Addon, ListPodIdentityAssociationsCommand } from '@aws-sdk/client-eks';
import { podIdentityTemplatePath } from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';
import { POD_IDENTITY_AGENT_ADDON } from './addonRequests';
import { AddonIssue } from './addonResults';
import { findAddon, PreparedAddon } from './prepareAddon';

/**
 * Codes whose cause may be missing AWS credentials (pods that cannot call
 * AWS crash, so too few replicas run).
 */
const PERMISSION_CODES = [
  'AccessDenied',
  'AddonPermissionFailure',
  'InsufficientNumberOfReplicas',
];

/**
 * The issue with its fix: for missing AWS permissions on an add-on that EKS
 * recommends Pod Identity for (and none was set up by this run), the Pod
 * Identity template prefilled with its service account and the recommended
 * policies; for an association without a running agent, installing the
 * agent. The other causes need what the health model reads (nodes, the
 * agent, associations): the cluster's EKS tab shows each with its remedy,
 * so the issue is returned as it is.
 */
export async function withFix(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  addon: Addon | undefined,
  issue: AddonIssue,
  podIdentityRoleArn: string | undefined,
): Promise<AddonIssue> {
  const [recommended] = p.recommendedPodIdentity;
  if (
    !PERMISSION_CODES.includes(issue.code) ||
    !recommended ||
    addon?.serviceAccountRoleArn
  ) {
    return issue;
  }
  const namespace = addonNamespace(addon, issue, recommended.serviceAccount);
  const serviceAccount = recommended.serviceAccount;
  const associated =
    Boolean(podIdentityRoleArn) ||
    (addon?.podIdentityAssociations ?? []).length > 0 ||
    (addon
      ? await hasAssociation(run, clusterName, namespace, serviceAccount)
      : false);
  if (associated) {
    // a role is associated: without a running agent no pod gets it; else
    // the permissions are elsewhere (the role's policies)
    return addon && !p.clusterAutoMode
      ? withAgentFix(run, clusterName, p, issue, namespace, serviceAccount)
      : issue;
  }
  return {
    ...issue,
    fix: `${
      p.request.name
    } has no IAM role for ${namespace}/${serviceAccount}, which EKS recommends one for: give that service account a role with ${
      recommended.policyArns.join(', ') || 'the permissions it needs'
    } through the "Pod Identity for a workload" template (or install the add-on with podIdentity: recommended), then update the add-on.`,
    fixPath: podIdentityTemplatePath({
      cluster: clusterName,
      region: run.region,
      accountId: run.accountId,
      namespace,
      serviceAccount,
      managedPolicyArns: recommended.policyArns,
    }),
  };
}

/**
 * The add-on's namespace: its own setting, else the namespace the issue
 * names for the service account (`namespace/name`), else kube-system, where
 * EKS installs add-ons unless told otherwise.
 */
export function addonNamespace(
  addon: Addon | undefined,
  issue: AddonIssue,
  serviceAccount: string,
): string {
  return (
    addon?.namespaceConfig?.namespace ??
    issue.resourceIds
      .map(id => id.split('/'))
      .find(([, name]) => name === serviceAccount)?.[0] ??
    'kube-system'
  );
}

async function hasAssociation(
  run: ProvisioningRun,
  clusterName: string,
  namespace: string,
  serviceAccount: string,
): Promise<boolean> {
  const { associations } = await run.aws.eks.send(
    new ListPodIdentityAssociationsCommand({
      clusterName,
      namespace,
      serviceAccount,
    }),
  );
  return (associations ?? []).length > 0;
}

/** An associated role does nothing without a running Pod Identity agent. */
async function withAgentFix(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  issue: AddonIssue,
  namespace: string,
  serviceAccount: string,
): Promise<AddonIssue> {
  const agent = await findAddon(run, clusterName, POD_IDENTITY_AGENT_ADDON);
  if (agent?.status === 'ACTIVE') return issue;
  return {
    ...issue,
    fix: `${
      p.request.name
    }'s service account ${namespace}/${serviceAccount} has a Pod Identity association, but the ${POD_IDENTITY_AGENT_ADDON} add-on is ${
      agent?.status ?? 'not installed'
    }, so its pods get no AWS credentials: install ${POD_IDENTITY_AGENT_ADDON} (add it to the add-ons), then update ${
      p.request.name
    }.`,
  };
}
