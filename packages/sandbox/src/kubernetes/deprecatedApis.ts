/**
 * Kubernetes API versions removed (no longer served) in the minor versions
 * the sandbox's EKS offers (1.30-1.34), from the Kubernetes Deprecated API
 * Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide):
 * only flowcontrol.apiserver.k8s.io/v1beta3 (FlowSchema,
 * PriorityLevelConfiguration) stops being served in that range, in 1.32;
 * its replacement, flowcontrol.apiserver.k8s.io/v1, is served since 1.29.
 * (v1beta2 went in 1.29, before the range; 1.31, 1.33 and 1.34 remove no
 * API version.)
 */
export interface ApiRemoval {
  group: string;
  version: string;
  /** The plural resource name. */
  resource: string;
  kind: string;
  /** The first Kubernetes minor version that no longer serves it. */
  removedIn: string;
  replacementVersion: string;
  /** The minor version that started serving the replacement. */
  replacementSince: string;
}

export const API_REMOVALS: ApiRemoval[] = [
  {
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1beta3',
    resource: 'flowschemas',
    kind: 'FlowSchema',
    removedIn: '1.32',
    replacementVersion: 'v1',
    replacementSince: '1.29',
  },
  {
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1beta3',
    resource: 'prioritylevelconfigurations',
    kind: 'PriorityLevelConfiguration',
    removedIn: '1.32',
    replacementVersion: 'v1',
    replacementSince: '1.29',
  },
];

function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/** The removal of a group/version/resource, when it is scheduled for one. */
export function removalOf(
  group: string,
  version: string,
  resource: string,
): ApiRemoval | undefined {
  return API_REMOVALS.find(
    r => r.group === group && r.version === version && r.resource === resource,
  );
}

/** Whether a cluster at `kubernetesVersion` still serves the API. */
export function stillServed(
  removal: Pick<ApiRemoval, 'removedIn'>,
  kubernetesVersion: string,
): boolean {
  return minor(kubernetesVersion) < minor(removal.removedIn);
}

/** The URI path of a removal's resource collection (`/apis/<group>/<version>/<resource>`). */
export function usagePath(r: ApiRemoval, version = r.version): string {
  return `/apis/${r.group}/${version}/${r.resource}`;
}

/** How long EKS's deprecated API insight looks back. */
export const USAGE_WINDOW_MS = 30 * 24 * 60 * 60_000;

/** One client's requests to one deprecated API. */
export interface ApiUsage {
  removal: ApiRemoval;
  userAgent: string;
  /** Request times (epoch ms), oldest first, within the insight's window. */
  times: number[];
}

/**
 * The deprecated API requests a cluster served, per API and user agent:
 * what the API server's audit log annotates (`k8s.io/deprecated`) and EKS's
 * deprecated API insight reads.
 */
export class ApiUsageLog {
  private readonly usages = new Map<string, ApiUsage>();

  record(removal: ApiRemoval, userAgent: string, at = Date.now()): void {
    const key = `${usagePath(removal)}|${userAgent}`;
    let usage = this.usages.get(key);
    if (!usage) {
      usage = { removal, userAgent, times: [] };
      this.usages.set(key, usage);
    }
    usage.times.push(at);
    this.prune(at);
  }

  /** The usages with a request in the last 30 days (before `now`), with only those requests. */
  recent(now = Date.now()): ApiUsage[] {
    return [...this.usages.values()]
      .map(u => ({
        ...u,
        times: u.times.filter(t => now - t <= USAGE_WINDOW_MS),
      }))
      .filter(u => u.times.length > 0);
  }

  /** Moves every recorded request `ms` into the past (tests: time passing). */
  age(ms: number): void {
    for (const u of this.usages.values()) u.times = u.times.map(t => t - ms);
    this.prune(Date.now());
  }

  private prune(now: number) {
    for (const [key, u] of this.usages) {
      u.times = u.times.filter(t => now - t <= USAGE_WINDOW_MS).slice(-10_000);
      if (u.times.length === 0) this.usages.delete(key);
    }
  }
}
