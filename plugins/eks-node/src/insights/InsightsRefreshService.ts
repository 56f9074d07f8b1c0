import {
  DescribeClusterCommand,
  DescribeInsightsRefreshCommand,
  EKSClient,
  StartInsightsRefreshCommand,
} from '@aws-sdk/client-eks';
import type { InsightsRefresh } from '@backstage-eks/plugin-eks-common';
import type { AwsClientFactory } from '../aws/AwsClientFactory';
import type { ClusterHealthTarget } from '../health/types';

type RefreshStatus = InsightsRefresh['status'];

const STATUSES: RefreshStatus[] = ['IN_PROGRESS', 'FAILED', 'COMPLETED'];

/** EKS's status, or NONE when there has been no on-demand refresh. */
function statusOf(status: string | undefined): RefreshStatus {
  return STATUSES.find(s => s === status) ?? 'NONE';
}

function refreshOf(answer: {
  status?: string;
  message?: string;
  startedAt?: Date;
  endedAt?: Date;
}): InsightsRefresh {
  return {
    status: statusOf(answer.status),
    ...(answer.message ? { message: answer.message } : {}),
    ...(answer.startedAt ? { startedAt: answer.startedAt.toISOString() } : {}),
    ...(answer.endedAt ? { endedAt: answer.endedAt.toISOString() } : {}),
  };
}

/** Whether the cluster exists (its not-found answers the caller's error). */
async function clusterExists(eks: EKSClient, name: string): Promise<boolean> {
  try {
    await eks.send(new DescribeClusterCommand({ name }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * On-demand refresh of a cluster's EKS insights (StartInsightsRefresh), and
 * the status of the latest one (DescribeInsightsRefresh). EKS refreshes
 * insights once a day on its own; this asks for it now, e.g. after fixing
 * what an insight reported.
 *
 * @public
 */
export class InsightsRefreshService {
  constructor(private readonly awsClients: AwsClientFactory) {}

  /** Starts a refresh (while one runs, EKS answers with it). */
  async startRefresh(target: ClusterHealthTarget): Promise<InsightsRefresh> {
    const { eks } = await this.awsClients.forTarget(target);
    const started = await eks.send(
      new StartInsightsRefreshCommand({ clusterName: target.clusterName }),
    );
    // StartInsightsRefresh answers without times: read them
    const latest = await eks.send(
      new DescribeInsightsRefreshCommand({ clusterName: target.clusterName }),
    );
    return refreshOf({ ...latest, ...started });
  }

  /**
   * The latest on-demand refresh: NONE when there has been none (an answer
   * without status, or "not found" for a cluster that exists).
   */
  async refreshStatus(target: ClusterHealthTarget): Promise<InsightsRefresh> {
    const { eks } = await this.awsClients.forTarget(target);
    const { clusterName } = target;
    try {
      return refreshOf(
        await eks.send(new DescribeInsightsRefreshCommand({ clusterName })),
      );
    } catch (error) {
      if (
        (error as Error).name === 'ResourceNotFoundException' &&
        (await clusterExists(eks, clusterName))
      ) {
        return { status: 'NONE' };
      }
      throw error;
    }
  }
}
