/**
 * Ordering of the versions EKS names: add-on versions such as
 * `v1.19.0-eksbuild.1` and Kubernetes versions such as `1.33`. The one
 * implementation that the entity page ("newer version available") and the
 * actions (`latest`) both use, so that they cannot disagree.
 */

/** An add-on version split into the parts that order it. @public */
export interface AddonVersionParts {
  major: number;
  minor: number;
  patch: number;
  /**
   * Semantic-version pre-release identifiers other than the eksbuild
   * counter, e.g. `["rc", 1]` or `["minimal"]` (kube-proxy's minimal
   * variant); empty for a release.
   */
  prerelease: (string | number)[];
  /** The eksbuild number, 0 when the version has none. */
  eksbuild: number;
}

const ADDON_VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Parses an add-on version: a semantic version with an optional `v`, whose
 * pre-release part may end with `eksbuild.<n>`. Undefined when it is not one.
 *
 * @public
 */
export function parseAddonVersion(
  version: string,
): AddonVersionParts | undefined {
  const match = ADDON_VERSION.exec(version.trim());
  if (!match) return undefined;
  const identifiers = match[4] ? match[4].split(/[.-]/) : [];
  if (identifiers.some(id => id === '')) return undefined;
  let eksbuild = 0;
  const last = identifiers.length - 1;
  if (
    last >= 1 &&
    identifiers[last - 1] === 'eksbuild' &&
    /^\d+$/.test(identifiers[last])
  ) {
    eksbuild = Number(identifiers[last]);
    identifiers.splice(last - 1, 2);
  }
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: identifiers.map(id => (/^\d+$/.test(id) ? Number(id) : id)),
    eksbuild,
  };
}

/** Semantic versioning's rule for pre-release identifiers (§11). */
function comparePrerelease(
  a: (string | number)[],
  b: (string | number)[],
): number {
  // A release is newer than any of its pre-releases.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const sign = (n: number) => Math.sign(n);

/**
 * Orders add-on versions: by semantic version (major, minor, patch, then
 * pre-release as semver orders it), then by the eksbuild number, so
 * `v1.19.2-eksbuild.10` is newer than `v1.19.2-eksbuild.9` and
 * `v1.20.0-rc.1-eksbuild.1` is older than `v1.20.0-eksbuild.1`. Versions that
 * do not parse sort before every version that does (so `latest` never picks
 * one), and among themselves by text. Negative when `a` is older than `b`.
 *
 * @public
 */
export function compareAddonVersions(a: string, b: string): number {
  const pa = parseAddonVersion(a);
  const pb = parseAddonVersion(b);
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return sign(a.localeCompare(b, 'en', { numeric: true }));
  }
  return sign(
    pa.major - pb.major ||
      pa.minor - pb.minor ||
      pa.patch - pb.patch ||
      comparePrerelease(pa.prerelease, pb.prerelease) ||
      pa.eksbuild - pb.eksbuild,
  );
}

const KUBERNETES_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Orders Kubernetes versions as EKS names them (`1.31` before `1.32` before
 * `1.100`; a patch such as `1.32.3` is ordered too). Versions that do not parse sort
 * before every version that does. Negative when `a` is older than `b`.
 *
 * @public
 */
export function compareKubernetesVersions(a: string, b: string): number {
  const pa = KUBERNETES_VERSION.exec(a.trim());
  const pb = KUBERNETES_VERSION.exec(b.trim());
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return sign(a.localeCompare(b, 'en', { numeric: true }));
  }
  for (const i of [1, 2, 3]) {
    const diff = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (diff !== 0) return sign(diff);
  }
  return 0;
}

/**
 * The newest of some versions by the given order, or undefined when there
 * are none.
 *
 * @public
 */
export function newestVersion(
  versions: Iterable<string>,
  compare: (a: string, b: string) => number,
): string | undefined {
  let newest: string | undefined;
  for (const version of versions) {
    if (newest === undefined || compare(version, newest) > 0) {
      newest = version;
    }
  }
  return newest;
}
