import pLimit from 'p-limit';
import type { AwsClients } from '../../aws/AwsClientFactory';
import type { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { collectPages } from '../sources/pages';
import { fromSource } from '../sources/section';
import type { ClusterHealthTarget } from '../types';
import type { AddonVersionsCache } from './addonVersionsCache';

/** What every read of a health document works with. */
export interface ObserveContext {
  target: ClusterHealthTarget;
  aws: AwsClients;
  kubernetes: KubernetesClientFactory;
  /** Time limit per AWS call, in ms. */
  awsTimeoutMs: number;
  /** Time limit per Kubernetes call, in ms. */
  kubernetesTimeoutMs: number;
  /** Describe* calls in flight per kind. */
  describeConcurrency: number;
  /** The interruption queue looked for before Karpenter's own setting is known. */
  guessedQueueName: string;
  /** Where DescribeAddonVersions' answers are kept; without it, every view asks. */
  addonVersionsCache?: AddonVersionsCache;
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
