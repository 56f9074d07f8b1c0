import { Nodegroup } from '@aws-sdk/client-eks';
import {
  karpenterVersionStanding,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import { ClusterNode, nodesNotAt } from './clusterNodes';
import { preflightFinding } from './findings';
import { nodegroupVersionProblem } from './nodegroupSteps';
import type { UpgradeFinding } from './types';

const KARPENTER_COMPATIBILITY =
  'https://karpenter.sh/docs/upgrading/compatibility/#compatibility-matrix';

/** Node groups behind the cluster's version that the upgrade cannot bring to it. */
export function behindFindings(
  behind: Nodegroup[],
  current: string,
  upgradeNodegroups: boolean,
): UpgradeFinding[] {
  return behind.flatMap(ng => {
    const problem = nodegroupVersionProblem(ng, current);
    if (upgradeNodegroups && !problem) return [];
    return [
      preflightFinding(
        'nodegroup-version',
        ng.nodegroupName ?? '',
        `Node group ${ng.nodegroupName} behind the cluster`,
        'ERROR',
        `Node group ${ng.nodegroupName} runs Kubernetes ${ng.version}, the cluster ${current}: EKS upgrades the control plane only when every managed node group runs the cluster's version.`,
        problem ??
          `Let the upgrade bring it to ${current} first (upgradeNodegroups true), or update it yourself (UpdateNodegroupVersion version ${current}).`,
      ),
    ];
  });
}

/** Karpenter's compatibility matrix: the installed release must support the target. */
export function karpenterFindings(
  installed: string | undefined,
  target: string,
): UpgradeFinding[] {
  if (!installed) return [];
  const standing = karpenterVersionStanding(installed, target);
  if (!standing.tooOldForKubernetes) return [];
  const { minimum } = standing.tooOldForKubernetes;
  const latest =
    SUPPORTED_KARPENTER_VERSIONS[SUPPORTED_KARPENTER_VERSIONS.length - 1];
  return [
    preflightFinding(
      'karpenter',
      'controller',
      `Karpenter ${installed} is too old for Kubernetes ${target}`,
      'ERROR',
      `Karpenter supports Kubernetes ${target} from ${minimum}; this cluster's Karpenter is ${installed} (${KARPENTER_COMPATIBILITY}).`,
      `Upgrade Karpenter to ${latest} (or at least ${minimum}) first by running the Set up Karpenter template (aws:eks:karpenter:install) with chart version ${latest}, then upgrade the cluster.`,
    ),
  ];
}

/** Nodes nobody replaces (self-managed, hybrid, Fargate): a warning. */
export function unmanagedNodeFindings(
  nodes: ClusterNode[],
  target: string,
): UpgradeFinding[] {
  const others = nodesNotAt(
    nodes.filter(n => n.owner === 'other' || n.owner === 'fargate'),
    target,
  );
  if (others.length === 0) return [];
  return [
    preflightFinding(
      'nodes',
      'self-managed',
      'Nodes the upgrade does not replace',
      'WARNING',
      `${others.length} node${
        others.length === 1 ? '' : 's'
      } outside managed node groups, Karpenter and Auto Mode will keep an older kubelet: ${others
        .map(n => `${n.name} (${n.kubeletMinor ?? 'unknown'})`)
        .join(', ')}.`,
      `Replace them yourself after the upgrade (self-managed and hybrid nodes; Fargate pods by restarting them).`,
    ),
  ];
}
