import type { AddonInfo } from '@aws-sdk/client-eks';

/**
 * How long an answer of DescribeAddonVersions is kept (one hour): EKS adds
 * add-on versions a few times a month, so a view may show a new version an
 * hour late, and a fleet of clusters on the same Kubernetes version in one
 * region asks once an hour instead of once per view.
 */
export const DEFAULT_ADDON_VERSIONS_TTL_MS = 60 * 60 * 1000;

/**
 * The add-on versions EKS offers per region and Kubernetes version
 * (DescribeAddonVersions), kept for a TTL in this process. Views asking at
 * the same time share one call; a failed call is not kept.
 */
export class AddonVersionsCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; versions: Promise<AddonInfo[]> }
  >();

  constructor(
    private readonly ttlMs: number = DEFAULT_ADDON_VERSIONS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The versions for `region` and `kubernetesVersion`, from `load` if not kept. */
  get(
    region: string,
    kubernetesVersion: string,
    load: () => Promise<AddonInfo[]>,
  ): Promise<AddonInfo[]> {
    const key = `${region}\u0000${kubernetesVersion}`;
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > now) return kept.versions;
    if (kept) this.entries.delete(key);
    if (this.ttlMs <= 0) return load();
    const versions = load();
    const entry = { expiresAt: now + this.ttlMs, versions };
    this.entries.set(key, entry);
    versions.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return versions;
  }
}
