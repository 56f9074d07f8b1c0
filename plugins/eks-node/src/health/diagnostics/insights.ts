import { UPGRADE_READINESS_CATEGORY } from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

/**
 * EKS insights about the cluster now (e.g. MISCONFIGURATION) in WARNING or
 * ERROR: they need attention but break nothing running, so `warning`.
 * Upgrade-readiness insights are about a future Kubernetes version: they are
 * their own section of the page, not findings.
 */
export const insightFindings: DiagnosticCheck = obs =>
  (obs.insights.data ?? [])
    .filter(i => i.category !== UPGRADE_READINESS_CATEGORY)
    .filter(i => i.status === 'WARNING' || i.status === 'ERROR')
    .map(insight => ({
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
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html',
      resources: [`insight/${insight.id}`],
    }));
