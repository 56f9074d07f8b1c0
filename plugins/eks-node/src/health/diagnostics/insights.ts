import type { DiagnosticCheck } from './types';

/** EKS upgrade and configuration insights in WARNING or ERROR. */
export const insightFindings: DiagnosticCheck = obs =>
  (obs.insights.data ?? [])
    .filter(i => i.status === 'WARNING' || i.status === 'ERROR')
    .map(insight => ({
      id: `insight-${insight.id}`,
      severity: insight.status === 'ERROR' ? 'critical' : 'warning',
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
