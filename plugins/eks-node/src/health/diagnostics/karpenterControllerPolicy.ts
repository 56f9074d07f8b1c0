import {
  karpenterReleaseLine,
  KARPENTER_REQUIREMENT_CHANGES,
  runsOwnKarpenter,
  setupKarpenterTemplatePath,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import type {
  Diagnostic,
  SectionError,
} from '@backstage-eks/plugin-eks-common';
import { karpenterInstalledVersionActions } from '../../provisioning/karpenter/controllerActions';
import { actionsNotAllowed } from '../../provisioning/policies';
import { findKarpenterController } from '../sources/karpenter';
import type { DiagnosticCheck } from './types';

/** At most this many actions are named in a finding; the rest are counted. */
const LISTED = 6;

function listed(actions: string[]): string {
  if (actions.length <= LISTED) return actions.join(', ');
  return `${actions.slice(0, LISTED).join(', ')} and ${
    actions.length - LISTED
  } more`;
}

const UPGRADE_GUIDE = 'https://karpenter.sh/docs/upgrading/upgrade-guide/';

/** The release that made Karpenter need an action, when the table says. */
function neededSince(action: string): string | undefined {
  return KARPENTER_REQUIREMENT_CHANGES.find(c => c.actions.includes(action))
    ?.since;
}

function uncheckedFinding(
  error: SectionError,
  version: string,
  resources: string[],
): Diagnostic {
  return {
    id: 'karpenter-controller-policy-unchecked',
    severity: 'info',
    title: "Karpenter's controller policy could not be checked",
    what: `${error.source} failed: ${error.message}`,
    why: `Karpenter ${version} needs its role to allow what its release added; whether it does is unknown.`,
    fix: "Allow the Backstage role iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion on the controller's role, then refresh.",
    link: UPGRADE_GUIDE,
    resources,
  };
}

/**
 * The cluster's own Karpenter running with a role that does not allow what
 * its version needs: a controller policy out of step with the chart, as
 * after a helm upgrade by hand or a terraform/eksctl install whose policy
 * predates the release (1.11's ec2:DescribePlacementGroups, 1.12's
 * ec2:DescribeInstanceStatus, arc-zonal-shift:GetManagedResource with
 * enableZonalShift). The role is its service account's Pod Identity
 * association's; what it needs comes from the policy the Set up Karpenter
 * template writes for that version (one policy generator), and whether a
 * policy allows an action from the same check the template uses.
 */
export const karpenterControllerPolicy: DiagnosticCheck = obs => {
  const karpenter = obs.karpenter.data;
  if (!karpenter?.version || !runsOwnKarpenter(karpenter)) return [];
  const version = karpenter.version;
  const controller = findKarpenterController(
    obs.workloads.data?.deployments ?? [],
  );
  const resources = [
    `deployment/${controller?.namespace ?? 'kube-system'}/${
      controller?.name ?? 'karpenter'
    }`,
  ];
  const link = UPGRADE_GUIDE;
  const section = obs.karpenterControllerRole;
  if (section.error) {
    return [uncheckedFinding(section.error, version, resources)];
  }
  const role = section.data;
  if (!role) return [];
  const enableZonalShift = controller?.enableZonalShift === true;
  const needed = karpenterInstalledVersionActions(version, {
    enableZonalShift,
  });
  if (!needed) return [];
  const lacking = actionsNotAllowed(role.allowedActions, needed);
  if (lacking.length === 0) return [];
  const chartVersion = karpenterReleaseLine(version)
    ? version
    : SUPPORTED_KARPENTER_VERSIONS[SUPPORTED_KARPENTER_VERSIONS.length - 1];
  const roleName = role.roleArn.split('/').pop() ?? role.roleArn;
  // the actions a later release added first: the usual gap
  const ordered = [
    ...lacking.filter(a => neededSince(a)),
    ...lacking.filter(a => !neededSince(a)),
  ];
  const described = ordered.map(action => {
    const since = neededSince(action);
    return since ? `${action} (needed since ${since})` : action;
  });
  return [
    {
      id: 'karpenter-controller-policy-behind-version',
      severity: 'warning',
      title: `Karpenter ${version}'s role does not allow ${
        lacking.length === 1 ? 'an action' : `${lacking.length} actions`
      } that version needs`,
      what: `The controller runs as ${roleName} (its Pod Identity association${
        enableZonalShift ? ', with settings.enableZonalShift' : ''
      }), whose policies do not allow ${listed(described)}.`,
      why: 'Karpenter calls these actions in its normal work: when they are refused it logs UnauthorizedOperation and the feature that needs them stops (placement groups, instance status health checks, zonal shifts), or node launches fail. A policy written for an older chart, e.g. by terraform, eksctl or before a helm upgrade by hand, is the usual cause.',
      fix: `Run the Set up Karpenter template (aws:eks:karpenter:install) with chart version ${chartVersion}${
        enableZonalShift ? ' and enableZonalShift' : ''
      }: it writes the controller policy that version needs before it touches the chart. Or add ${listed(
        ordered,
      )} to ${roleName}'s policy.`,
      link,
      action: {
        title: 'Update the controller policy',
        path: setupKarpenterTemplatePath({
          cluster: obs.target.clusterName,
          region: obs.target.region,
          accountId: obs.target.accountId,
          chartVersion,
        }),
      },
      resources: [...resources, role.roleArn],
    },
  ];
};
