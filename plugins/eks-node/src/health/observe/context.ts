import type { AddonInfo, ClusterVersionInformation } from '@aws-sdk/client-eks';
import pLimit from 'p-limit';
import type { AwsClients } from '../../aws/AwsClientFactory';
import type { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { collectPages } from '../sources/pages';
import { fromSource } from '../sources/section';
import type { ClusterHealthTarget, KubernetesReadGate } from '../types';
import type { AccountRegionCache } from './accountRegionCache';

/** What every read of a health document works with. */
export interface ObserveContext {
  target: ClusterHealthTarget;
  aws: AwsClients;
  kubernetes: KubernetesClientFactory;
  /** Time limit per AWS call, in ms. */
  awsTimeoutMs: number;
  /** Time limit per Kubernetes call, in ms. */
  kubernetesTimeoutMs: number;
  /** Where each Kubernetes read waits for its turn; without it, none waits. */
  kubernetesReadGate?: KubernetesReadGate;
  /** Describe* calls in flight per kind. */
  describeConcurrency: number;
  /** The interruption queue looked for before Karpenter's own setting is known. */
  guessedQueueName: string;
  /**
   * Where DescribeClusterVersions' answers are kept per account and region;
   * without it, every view asks.
   */
  clusterVersionsCache?: AccountRegionCache<ClusterVersionInformation[]>;
  /**
   * Where DescribeAddonVersions' answers are kept per account, region and
   * Kubernetes version; without it, every view asks.
   */
  addonVersionsCache?: AccountRegionCache<AddonInfo[]>;
}

/** An AWS call with the context's time limit, failing as its source. */
export function awsCall<T>(
  ctx: ObserveContext,
  source: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return fromSource(source, ctx.awsTimeoutMs, fn);
}

/** Every item of every page an SDK paginator gives, as one AWS call. */
export function allPages<P, T>(
  ctx: ObserveContext,
  source: string,
  pages: () => AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  return awsCall(ctx, source, () => collectPages(pages(), items));
}

/** Maps items with at most `describeConcurrency` calls in flight, in order. */
export function describeEach<T, R>(
  ctx: ObserveContext,
  items: readonly T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  return pLimit(ctx.describeConcurrency).map(items, item => fn(item));
}
