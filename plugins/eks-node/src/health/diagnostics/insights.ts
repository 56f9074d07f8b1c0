import {
  ClusterInsight,
  ROLLBACK_READINESS_CATEGORY,
  UPGRADE_READINESS_CATEGORY,
} from '@backstage-eks/plugin-eks-common';
import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations } from '../types';
import type { DiagnosticCheck } from './types';

const INSIGHTS_DOC =
  'https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html';
const ROLLBACK_DOC =
  'https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html';

/** An EKS insight about the cluster now (e.g. MISCONFIGURATION): it needs attention. */
function insightFinding(insight: ClusterInsight): Diagnostic {
  return {
    id: `insight-${insight.id}`,
    severity: 'warning',
    title: `EKS insight: ${insight.name}`,
    what: insight.reason ?? insight.description ?? insight.name,
    why:
      insight.description ??
      `EKS found a ${insight.category.toLowerCase()} problem${
        insight.kubernetesVersion
          ? ` for Kubernetes ${insight.kubernetesVersion}`
          : ''
      }.`,
    fix:
      insight.recommendation ??
      'Open the insight in the EKS console for the resources concerned and the recommended change.',
    link: INSIGHTS_DOC,
    resources: [`insight/${insight.id}`],
  };
}

/**
 * A rollback readiness insight in ERROR while the rollback window is open:
 * EKS would refuse a rollback now (unless forced) until it is fixed. A
 * note, not something the cluster needs: nothing is wrong with the cluster
 * as it runs (after an upgrade of the node groups, the kubelet check is in
 * ERROR until they are rolled back, which the rollback action does first).
 */
function rollbackBlocker(insight: ClusterInsight, toVersion: string) {
  return {
    ...insightFinding(insight),
    severity: 'info' as const,
    title: `Before a rollback to ${toVersion}: ${insight.name}`,
    link: ROLLBACK_DOC,
    why: `EKS refuses a rollback to ${toVersion} while a rollback readiness insight is in ERROR (unless forced). The cluster itself needs nothing as long as it is not rolled back.`,
  };
}

/**
 * EKS insights about the cluster now (e.g. MISCONFIGURATION) in WARNING or
 * ERROR: they need attention but break nothing running, so `warning`.
 * Readiness insights are about another Kubernetes version, never a problem
 * of the cluster now: upgrade readiness is its own section of the page;
 * rollback readiness is shown with the rollback window, and only while the
 * window is open does one in ERROR (a rollback would be refused) make a note.
 */
export const insightFindings: DiagnosticCheck = (obs: ClusterObservations) => {
  const insights = obs.insights.data ?? [];
  const current = insights
    .filter(
      i =>
        i.category !== UPGRADE_READINESS_CATEGORY &&
        i.category !== ROLLBACK_READINESS_CATEGORY,
    )
    .filter(i => i.status === 'WARNING' || i.status === 'ERROR')
    .map(insightFinding);
  const window = obs.upgrade.data?.rollbackWindow;
  const blockers = window
    ? insights
        .filter(
          i =>
            i.category === ROLLBACK_READINESS_CATEGORY && i.status === 'ERROR',
        )
        .map(i => rollbackBlocker(i, window.toVersion))
    : [];
  return [...current, ...blockers];
};
