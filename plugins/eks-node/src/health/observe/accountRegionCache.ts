import type { AwsTarget } from '../../aws/AwsClientFactory';

/**
 * How long an answer that is the same for every cluster of an account and
 * region is kept (one hour): the Kubernetes versions EKS offers and their
 * support dates (DescribeClusterVersions), the add-on versions for a
 * Kubernetes version (DescribeAddonVersions). EKS changes them a few times a
 * month, so a view may show a change an hour late, and a fleet's clusters in
 * one account and region are served by one call an hour instead of one per
 * cluster read.
 */
export const DEFAULT_ACCOUNT_REGION_CACHE_TTL_MS = 60 * 60 * 1000;

/**
 * Answers of an AWS read that depends only on the account and region it is
 * sent to (and a key of its own, such as the Kubernetes version), kept in
 * this process for a TTL. Reads of the same account, region and key asking
 * at the same time share one call; a failed call is not kept, so the next
 * read asks again. Each account is asked with its own credentials: one
 * account's answer (or its permission to read it) never stands for another's.
 */
export class AccountRegionCache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; answer: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number = DEFAULT_ACCOUNT_REGION_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer for the account, region and key, from `load` if not kept. */
  get(
    scope: Required<AwsTarget>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const id = `${scope.accountId}\u0000${scope.region}\u0000${key}`;
    const now = this.now();
    const kept = this.entries.get(id);
    if (kept && kept.expiresAt > now) return kept.answer;
    const answer = load();
    const entry = { expiresAt: now + this.ttlMs, answer };
    this.entries.set(id, entry);
    answer.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    return answer;
  }
}
