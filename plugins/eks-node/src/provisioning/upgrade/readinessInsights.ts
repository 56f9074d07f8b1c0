import {
  Category,
  DescribeInsightCommand,
  DescribeInsightsRefreshCommand,
  Insight,
  paginateListInsights,
  StartInsightsRefreshCommand,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { pollFor, TYPICAL_UPDATE_SECONDS } from './eksUpdates';
import type { UpgradeFinding } from './types';

/** An EKS readiness insight for a version, with what the preflight judges it by. */
export interface ReadinessInsight {
  finding: UpgradeFinding;
  /** The ARNs (node groups, add-ons) and Kubernetes URIs it names. */
  resources: string[];
  /** Which kind of check it is, as far as the preflight needs to know. */
  kind:
    | 'addon-compatibility'
    | 'kubelet-skew'
    | 'kube-proxy-skew'
    | 'deprecated-apis'
    | 'other';
}

/** The kind of an insight, from its name (EKS gives insights no type code). */
function kindOf(name: string): ReadinessInsight['kind'] {
  if (/add-on version compatibility/i.test(name)) return 'addon-compatibility';
  if (/kube-proxy version skew/i.test(name)) return 'kube-proxy-skew';
  if (/kubelet version skew/i.test(name)) return 'kubelet-skew';
  if (/deprecated api/i.test(name)) return 'deprecated-apis';
  return 'other';
}

/**
 * Refreshes the cluster's insights now (StartInsightsRefresh, then
 * DescribeInsightsRefresh until COMPLETED), so that the preflight judges
 * the cluster as it is rather than as EKS's daily refresh last saw it. A
 * checkpointed change (a resumed task does not start a second one); a dry
 * run reads the insights as they are.
 */
export async function refreshInsights(
  run: ProvisioningRun,
  clusterName: string,
  purpose: string,
): Promise<void> {
  if (run.dryRun) {
    run.logger.info(
      `[dry run] reading the insights of cluster ${clusterName} as EKS last refreshed them`,
    );
    return;
  }
  await run.change(
    {
      action: 'update',
      resource: `insights of cluster ${clusterName}`,
      detail: `refresh before the ${purpose}`,
    },
    ['insights-refresh', clusterName, purpose],
    async () => {
      await run.aws.eks.send(new StartInsightsRefreshCommand({ clusterName }));
    },
  );
  await pollFor(
    run,
    `the insights refresh of cluster ${clusterName}`,
    TYPICAL_UPDATE_SECONDS.insightsRefresh,
    async () => {
      const out = await run.aws.eks.send(
        new DescribeInsightsRefreshCommand({ clusterName }),
      );
      if (out.status === 'FAILED') {
        throw new Error(
          `The insights refresh of cluster ${clusterName} failed: ${
            out.message ?? 'EKS gave no reason'
          }`,
        );
      }
      return out.status === 'COMPLETED';
    },
  );
}

/**
 * The cluster's readiness insights of a category for a Kubernetes version
 * (ListInsights), each not PASSING described (DescribeInsight) for its
 * recommendation and resources.
 */
export async function readinessInsights(
  run: ProvisioningRun,
  clusterName: string,
  category: Category,
  kubernetesVersion: string,
): Promise<ReadinessInsight[]> {
  const summaries = [];
  for await (const page of paginateListInsights(
    { client: run.aws.eks },
    {
      clusterName,
      filter: {
        categories: [category],
        kubernetesVersions: [kubernetesVersion],
      },
    },
  )) {
    summaries.push(...(page.insights ?? []));
  }
  return Promise.all(
    summaries
      .filter(
        s =>
          s.kubernetesVersion === undefined ||
          s.kubernetesVersion === kubernetesVersion,
      )
      .map(async summary => {
        const status = summary.insightStatus?.status ?? 'UNKNOWN';
        let insight: Insight | undefined;
        if (status !== 'PASSING' && summary.id) {
          insight = (
            await run.aws.eks.send(
              new DescribeInsightCommand({ clusterName, id: summary.id }),
            )
          ).insight;
        }
        const name = summary.name ?? insight?.name ?? summary.id ?? '';
        return {
          finding: {
            id: summary.id ?? '',
            name,
            status,
            reason:
              insight?.insightStatus?.reason ??
              summary.insightStatus?.reason ??
              '',
            recommendation: insight?.recommendation ?? '',
          },
          resources: (insight?.resources ?? []).flatMap(r =>
            [r.arn, r.kubernetesResourceUri].filter(
              (x): x is string => typeof x === 'string' && x.length > 0,
            ),
          ),
          kind: kindOf(name),
        };
      }),
  );
}
