/**
 * Compares add-on versions such as `v1.19.2-eksbuild.1` (semantic version,
 * then the eksbuild number). Negative when `a` is older than `b`.
 *
 * @public
 */
export function compareAddonVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-eksbuild\.(\d+))?/.exec(v);
    return m ? [m[1], m[2], m[3], m[4] ?? '0'].map(Number) : undefined;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) {
    return a.localeCompare(b);
  }
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/**
 * Compares Kubernetes minor versions such as `1.33`. Negative when `a` is
 * older than `b`.
 *
 * @public
 */
export function compareKubernetesVersions(a: string, b: string): number {
  const [amaj, amin] = a.split('.').map(Number);
  const [bmaj, bmin] = b.split('.').map(Number);
  return amaj !== bmaj ? amaj - bmaj : amin - bmin;
}
