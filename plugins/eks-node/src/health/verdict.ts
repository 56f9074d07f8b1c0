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

type Verdict = Omit<ClusterVerdict, 'cluster'>;

/** What the verdict's rules look at, computed once. */
interface VerdictFacts {
  health: ClusterHealthFindings;
  target: ClusterHealthTarget;
  clusterNotFound: boolean;
  /** `account/region`, as the headlines name it. */
  where: string;
  counts: Record<Severity, number>;
  /** The first finding to act on. */
  top?: ClusterHealthFindings['diagnostics'][number];
  /** Sections that did not load, the cluster's own section aside. */
  ownFailures: ClusterHealthSectionKey[];
}

/** A verdict when its case applies, else undefined (the next rule decides). */
type VerdictRule = (facts: VerdictFacts) => Verdict | undefined;

function verdictFacts(
  health: ClusterHealthFindings,
  context: VerdictContext,
): VerdictFacts {
  const { target } = context;
  const counts: Record<Severity, number> = {
    critical: 0,
    warning: 0,
    info: 0,
  };
  for (const d of health.diagnostics) {
    if (d.severity in counts) counts[d.severity]++;
  }
  return {
    health,
    target,
    clusterNotFound: context.clusterNotFound,
    where: `${target.accountId}/${target.region}`,
    counts,
    top: rankDiagnostics(health.diagnostics)[0],
    ownFailures: SECTION_KEYS.filter(
      key => health[key].error && key !== 'cluster',
    ),
  };
}

const clusterGone: VerdictRule = ({ clusterNotFound, target, where, counts }) =>
  clusterNotFound
    ? {
        kind: 'gone',
        headline: `This cluster no longer exists in ${where}`,
        detail: `EKS has no cluster named ${target.clusterName} in account ${target.accountId}, region ${target.region} (DescribeCluster: ResourceNotFoundException). It was deleted, or the entity names the wrong account or region; EKS does not say when or by whom.`,
        nextStep:
          'If the cluster was deleted on purpose, unregister this entity from the catalog (the entity menu, "Unregister entity") or remove it from the file or provider it comes from. If the cluster should exist, check the entity\'s ARN annotation for the account, region and name.',
        counts,
        unloadedSections: [],
      }
    : undefined;

const clusterUnreadable: VerdictRule = ({ health, where, counts }) => {
  const error = health.cluster.error;
  return error
    ? {
        kind: 'unreachable',
        headline: `EKS could not be read for this cluster in ${where}`,
        detail: `${error.source}: ${error.message}`,
        nextStep:
          'Check that the backend has credentials for the account and may call eks:DescribeCluster in the region, then refresh.',
        counts,
        unloadedSections: [],
      }
    : undefined;
};

/** The cluster's status; the rules after clusterUnreadable know it loaded. */
function statusOf(facts: VerdictFacts): string | undefined {
  return facts.health.cluster.data?.status;
}

const clusterDeleting: VerdictRule = facts =>
  statusOf(facts) === 'DELETING'
    ? {
        kind: 'gone',
        headline: `This cluster is being deleted in ${facts.where}`,
        detail: 'EKS reports the cluster as DELETING.',
        nextStep:
          'Once the deletion finishes, unregister this entity from the catalog.',
        counts: facts.counts,
        unloadedSections: [],
      }
    : undefined;

const clusterFailing: VerdictRule = facts => {
  const { counts, top } = facts;
  const failed = statusOf(facts) === 'FAILED';
  if (!failed && counts.critical === 0) return undefined;
  return {
    kind: 'failing',
    headline: failed
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
    unloadedSections: facts.ownFailures,
  };
};

const kubernetesUnreachable: VerdictRule = facts => {
  const { health } = facts;
  const status = statusOf(facts);
  const kubernetesDown = KUBERNETES_SECTIONS.every(k => health[k].error);
  if (!kubernetesDown || CHANGING.has(status ?? '')) return undefined;
  const error = health.nodes.error ?? health.karpenter.error;
  return {
    kind: 'unreachable',
    headline: `The Kubernetes API of this cluster could not be reached`,
    detail: error
      ? `EKS reports the cluster ${status}, but ${error.source}: ${error.message}`
      : undefined,
    nextStep:
      "Check the cluster's endpoint access (public access CIDRs, private endpoint) and that the backend's role has an access entry on the cluster.",
    counts: facts.counts,
    unloadedSections: facts.ownFailures.filter(
      k => !KUBERNETES_SECTIONS.includes(k),
    ),
  };
};

const clusterChanging: VerdictRule = facts => {
  const status = statusOf(facts) ?? '';
  return CHANGING.has(status)
    ? {
        kind: 'unknown',
        headline: `This cluster is ${status}`,
        detail:
          'The checks are complete once EKS reports the cluster ACTIVE; what could not be read yet is listed below.',
        nextStep: 'Refresh once the cluster is ACTIVE.',
        counts: facts.counts,
        unloadedSections: facts.ownFailures,
      }
    : undefined;
};

const needsAttention: VerdictRule = ({ counts, top, ownFailures }) =>
  counts.warning > 0
    ? {
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
      }
    : undefined;

const partlyUnchecked: VerdictRule = ({ counts, ownFailures }) =>
  ownFailures.length > 0
    ? {
        kind: 'unknown',
        headline: `Not every check could run: ${titles(
          ownFailures,
        )} could not be loaded`,
        detail: 'No problems were found in what did load.',
        nextStep:
          'Read the errors of the sections that could not be loaded, then refresh.',
        counts,
        unloadedSections: ownFailures,
      }
    : undefined;

function healthy({ counts }: VerdictFacts): Verdict {
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

/** The verdict's cases, the first that applies wins. */
const VERDICT_RULES: VerdictRule[] = [
  clusterGone,
  clusterUnreadable,
  clusterDeleting,
  clusterFailing,
  kubernetesUnreachable,
  clusterChanging,
  needsAttention,
  partlyUnchecked,
];

function verdictOf(
  health: ClusterHealthFindings,
  context: VerdictContext,
): Verdict {
  const facts = verdictFacts(health, context);
  for (const rule of VERDICT_RULES) {
    const verdict = rule(facts);
    if (verdict) return verdict;
  }
  return healthy(facts);
}
