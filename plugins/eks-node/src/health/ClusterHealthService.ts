import type { AddonInfo, ClusterVersionInformation } from '@aws-sdk/client-eks';
import type { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { defaultKarpenterInterruptionQueueName } from '@backstage-eks/plugin-eks-common';
import type { AwsClientFactory, AwsClients } from '../aws/AwsClientFactory';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import { runDiagnostics } from './diagnostics';
import {
  AccountRegionCache,
  DEFAULT_ACCOUNT_REGION_CACHE_TTL_MS,
} from './observe/accountRegionCache';
import { healthReadSteps } from './observe/healthReads';
import { failedObservations, toObservations } from './observe/observations';
import { startReads } from './observe/readGraph';
import { toSectionError } from './sources/section';
import { clusterVerdict } from './verdict';
import type {
  ClusterHealthTarget,
  ClusterObservations,
  KubernetesReadGate,
} from './types';

/** Options of {@link ClusterHealthService}. @public */
export interface ClusterHealthServiceOptions {
  awsClients: AwsClientFactory;
  kubernetesClients?: KubernetesClientFactory;
  /** Time limit per AWS call, in ms (default 15000). */
  awsTimeoutMs?: number;
  /** Time limit per Kubernetes call, in ms (default 10000). */
  kubernetesTimeoutMs?: number;
  /** Where each Kubernetes read waits for its turn (default: none waits). */
  kubernetesReadGate?: KubernetesReadGate;
  /** Parallel Describe* calls per kind (default {@link DEFAULT_DESCRIBE_CONCURRENCY}). */
  describeConcurrency?: number;
  /** The interruption queue looked for before Karpenter's own setting is known. */
  interruptionQueueName?: (clusterName: string) => string;
  /**
   * How long the add-on versions EKS offers for an account, region and
   * Kubernetes version (DescribeAddonVersions) are kept in this process, in
   * ms (default one hour; 0: asked for on every view).
   */
  addonVersionsTtlMs?: number;
  /**
   * How long the Kubernetes versions EKS offers in an account and region,
   * with their support dates (DescribeClusterVersions), are kept in this
   * process, in ms (default one hour; 0: asked for on every view).
   */
  clusterVersionsTtlMs?: number;
}

/**
 * Describe* calls in flight per kind: enough for every add-on of a large
 * cluster (60+), so a cold view takes two rounds of calls, not one per ten
 * items; throttling is absorbed by the clients' adaptive retry mode.
 *
 * @public
 */
export const DEFAULT_DESCRIBE_CONCURRENCY = 64;

/**
 * Computes the health document of an EKS cluster. Calls fan out in two
 * dependent rounds: first everything keyed on the cluster's name
 * (DescribeCluster, List* calls, the interruption queue), then what needs
 * their answers (Describe* per item, add-on versions for the cluster's
 * Kubernetes version, the Kubernetes API). Each section fails on its own.
 *
 * @public
 */
export class ClusterHealthService {
  private readonly kubernetes: KubernetesClientFactory;
  private readonly awsTimeoutMs: number;
  private readonly kubernetesTimeoutMs: number;
  private readonly concurrency: number;
  private readonly queueName: (clusterName: string) => string;
  private readonly clusterVersionsCache: AccountRegionCache<
    ClusterVersionInformation[]
  >;
  private readonly addonVersionsCache: AccountRegionCache<AddonInfo[]>;

  constructor(private readonly options: ClusterHealthServiceOptions) {
    this.kubernetes =
      options.kubernetesClients ?? new KubernetesClientFactory();
    this.awsTimeoutMs = options.awsTimeoutMs ?? 15000;
    this.kubernetesTimeoutMs = options.kubernetesTimeoutMs ?? 10000;
    this.concurrency =
      options.describeConcurrency ?? DEFAULT_DESCRIBE_CONCURRENCY;
    this.queueName =
      options.interruptionQueueName ?? defaultKarpenterInterruptionQueueName;
    this.clusterVersionsCache = new AccountRegionCache(
      options.clusterVersionsTtlMs ?? DEFAULT_ACCOUNT_REGION_CACHE_TTL_MS,
    );
    this.addonVersionsCache = new AccountRegionCache(
      options.addonVersionsTtlMs ?? DEFAULT_ACCOUNT_REGION_CACHE_TTL_MS,
    );
  }

  /** The health document of a cluster. */
  async getClusterHealth(target: ClusterHealthTarget): Promise<ClusterHealth> {
    const observations = await this.observe(target);
    const findings = {
      cluster: observations.cluster,
      insights: observations.insights,
      nodeGroups: observations.nodeGroups,
      nodes: observations.nodes,
      addons: observations.addons,
      podIdentityAssociations: observations.podIdentityAssociations,
      capabilities: observations.capabilities,
      karpenter: observations.karpenter,
      upgrade: observations.upgrade,
      diagnostics: runDiagnostics(observations),
      generatedAt: new Date().toISOString(),
    };
    return {
      verdict: clusterVerdict(findings, {
        target,
        clusterNotFound: observations.clusterNotFound === true,
      }),
      ...findings,
    };
  }

  /**
   * Everything gathered about a cluster, before diagnostics: the named reads
   * of {@link healthReadSteps}, started at once, turned into sections.
   */
  async observe(target: ClusterHealthTarget): Promise<ClusterObservations> {
    let aws: AwsClients;
    try {
      aws = await this.options.awsClients.forTarget({
        region: target.region,
        accountId: target.accountId,
      });
    } catch (error) {
      // No clients (no credentials for the account, bad target): every
      // section says so instead of failing the request.
      return failedObservations(
        target,
        toSectionError('aws:credentials', error),
      );
    }
    const reads = startReads(
      healthReadSteps({
        target,
        aws,
        kubernetes: this.kubernetes,
        awsTimeoutMs: this.awsTimeoutMs,
        kubernetesTimeoutMs: this.kubernetesTimeoutMs,
        ...(this.options.kubernetesReadGate
          ? { kubernetesReadGate: this.options.kubernetesReadGate }
          : {}),
        describeConcurrency: this.concurrency,
        guessedQueueName: this.queueName(target.clusterName),
        clusterVersionsCache: this.clusterVersionsCache,
        addonVersionsCache: this.addonVersionsCache,
      }),
    );
    return toObservations(target, reads);
  }
}
