import { parse as parseYaml } from 'yaml';

/**
 * The replica count an add-on's configurationValues ask for, as the add-ons'
 * charts read it: `replicaCount` / `replicas` at the top, or under
 * `controller` (EBS/EFS CSI drivers, cert-manager's components by name).
 */
export function configuredReplicas(
  configurationValues: string | undefined,
  workload: string,
): number | undefined {
  if (!configurationValues) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(configurationValues);
  } catch {
    values = parseYaml(configurationValues);
  }
  if (!values || typeof values !== 'object') return undefined;
  const v = values as Record<string, { replicaCount?: unknown } | unknown>;
  const component = workload.replace(/^cert-manager-/, '');
  const candidates = [
    (v[component] as { replicaCount?: unknown } | undefined)?.replicaCount,
    workload.endsWith('-controller')
      ? (v.controller as { replicaCount?: unknown } | undefined)?.replicaCount
      : undefined,
    v.replicaCount,
    v.replicas,
  ];
  const found = candidates.find(
    c => typeof c === 'number' && Number.isInteger(c) && c >= 0,
  );
  return found as number | undefined;
}
