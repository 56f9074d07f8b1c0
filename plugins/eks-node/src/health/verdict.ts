import type {
  ClusterHealth,
  ClusterHealthSectionKey,
  ClusterVerdict,
  Severity,
} from '@backstage-eks/plugin-eks-common';
import {
  CLUSTER_HEALTH_SECTION_TITLES,
  rankDiagnostics,
} from '@backstage-eks/plugin-eks-common';
import type { ClusterHealthTarget } from './types';

/** What the verdict is computed from: the document, before its verdict. */
export type ClusterHealthFindings = Omit<ClusterHealth, 'verdict'>;

/** Facts about the cluster the document's sections cannot carry. */
export interface VerdictContext {
  target: ClusterHealthTarget;
  /** DescribeCluster answered ResourceNotFoundException. */
  clusterNotFound: boolean;
}

const SECTION_KEYS = Object.keys(
  CLUSTER_HEALTH_SECTION_TITLES,
) as ClusterHealthSectionKey[];

/** Sections read through the Kubernetes API (the rest come from EKS). */
const KUBERNETES_SECTIONS: ClusterHealthSectionKey[] = ['nodes', 'karpenter'];

const CHANGING = new Set(['CREATING', 'UPDATING', 'PENDING']);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function titles(keys: ClusterHealthSectionKey[]): string {
  return keys.map(k => CLUSTER_HEALTH_SECTION_TITLES[k]).join(', ');
}

/**
 * The one verdict on a cluster, from everything its health document loaded.
 * "No problems found" only when every section loaded and no finding is a
 * problem; a cluster that no longer exists says so once, instead of one
 * error per section.
 *
 * @public
 */
export function clusterVerdict(
  health: ClusterHealthFindings,
  context: VerdictContext,
): ClusterVerdict {
  const { target } = context;
  return {
    ...verdictOf(health, context),
    cluster: {
      name: target.clusterName,
      accountId: target.accountId,
      region: target.region,
    },
  };
}

function verdictOf(
  health: ClusterHealthFindings,
  context: VerdictContext,
): Omit<ClusterVerdict, 'cluster'> {
  const { target } = context;
  const where = `${target.accountId}/${target.region}`;
  const counts: Record<Severity, number> = {
    critical: 0,
    warning: 0,
    info: 0,
  };
  for (const d of health.diagnostics) {
    if (d.severity in counts) counts[d.severity]++;
  }
  const unloaded = SECTION_KEYS.filter(key => health[key].error);
  const top = rankDiagnostics(health.diagnostics)[0];

  if (context.clusterNotFound) {
    return {
      kind: 'gone',
      headline: `This cluster no longer exists in ${where}`,
      detail: `EKS has no cluster named ${target.clusterName} in account ${target.accountId}, region ${target.region} (DescribeCluster: ResourceNotFoundException). It was deleted, or the entity names the wrong account or region; EKS does not say when or by whom.`,
      nextStep:
        'If the cluster was deleted on purpose, unregister this entity from the catalog (the entity menu, "Unregister entity") or remove it from the file or provider it comes from. If the cluster should exist, check the entity\'s ARN annotation for the account, region and name.',
      counts,
      unloadedSections: [],
    };
  }

  const cluster = health.cluster;
  if (cluster.error) {
    return {
      kind: 'unreachable',
      headline: `EKS could not be read for this cluster in ${where}`,
      detail: `${cluster.error.source}: ${cluster.error.message}`,
      nextStep:
        'Check that the backend has credentials for the account and may call eks:DescribeCluster in the region, then refresh.',
      counts,
      unloadedSections: [],
    };
  }

  const status = cluster.data.status;
  if (status === 'DELETING') {
    return {
      kind: 'gone',
      headline: `This cluster is being deleted in ${where}`,
      detail: 'EKS reports the cluster as DELETING.',
      nextStep:
        'Once the deletion finishes, unregister this entity from the catalog.',
      counts,
      unloadedSections: [],
    };
  }

  const ownFailures = unloaded.filter(k => k !== 'cluster');
  if (status === 'FAILED' || counts.critical > 0) {
    return {
      kind: 'failing',
      headline:
        status === 'FAILED'
          ? 'EKS reports this cluster as FAILED'
          : `${plural(counts.critical, 'problem')} on this cluster now${
              top ? `: ${top.title}` : ''
            }`,
      detail:
        counts.warning > 0
          ? `And ${plural(counts.warning, 'finding')} that need attention.`
          : undefined,
      nextStep: top
        ? 'Start with the first finding below: its fix follows from its cause.'
        : undefined,
      counts,
      unloadedSections: ownFailures,
    };
  }

  const kubernetesDown = KUBERNETES_SECTIONS.every(k => health[k].error);
  if (kubernetesDown && !CHANGING.has(status)) {
    const error = health.nodes.error ?? health.karpenter.error;
    return {
      kind: 'unreachable',
      headline: `The Kubernetes API of this cluster could not be reached`,
      detail: error
        ? `EKS reports the cluster ${status}, but ${error.source}: ${error.message}`
        : undefined,
      nextStep:
        "Check the cluster's endpoint access (public access CIDRs, private endpoint) and that the backend's role has an access entry on the cluster.",
      counts,
      unloadedSections: ownFailures.filter(
        k => !KUBERNETES_SECTIONS.includes(k),
      ),
    };
  }

  if (CHANGING.has(status)) {
    return {
      kind: 'unknown',
      headline: `This cluster is ${status}`,
      detail:
        'The checks are complete once EKS reports the cluster ACTIVE; what could not be read yet is listed below.',
      nextStep: 'Refresh once the cluster is ACTIVE.',
      counts,
      unloadedSections: ownFailures,
    };
  }

  if (counts.warning > 0) {
    return {
      kind: 'needs-attention',
      headline: `${plural(counts.warning, 'finding')} on this cluster ${
        counts.warning === 1 ? 'needs' : 'need'
      } attention${top ? `: ${top.title}` : ''}`,
      detail:
        ownFailures.length > 0
          ? `Not checked: ${titles(ownFailures)} could not be loaded.`
          : undefined,
      counts,
      unloadedSections: ownFailures,
    };
  }

  if (ownFailures.length > 0) {
    return {
      kind: 'unknown',
      headline: `Not every check could run: ${titles(
        ownFailures,
      )} could not be loaded`,
      detail: 'No problems were found in what did load.',
      nextStep:
        'Read the errors of the sections that could not be loaded, then refresh.',
      counts,
      unloadedSections: ownFailures,
    };
  }

  return {
    kind: 'healthy',
    headline: 'No problems found on this cluster',
    detail:
      counts.info > 0
        ? `${plural(counts.info, 'note')} below, nothing to fix.`
        : undefined,
    counts,
    unloadedSections: [],
  };
}
