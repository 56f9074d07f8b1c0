import { matchesLabels, requirementsOf } from '../selectors.ts';
import type { KubeObject } from '../types.ts';
import { podSpecOf, type TopologySpreadConstraint } from './types.ts';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The pod's hard topology spread constraint across zones, if any. */
export function zoneSpreadOf(
  pod: KubeObject,
): TopologySpreadConstraint | undefined {
  return podSpecOf(pod).topologySpreadConstraints?.find(
    c => c.topologyKey === ZONE_LABEL,
  );
}

/** Counts the pods a constraint selects, per zone. */
export function podsPerZone(
  constraint: TopologySpreadConstraint,
  namespace: string | undefined,
  placed: Array<{ pod: KubeObject; zone: string }>,
): Map<string, number> {
  const requirements = requirementsOf(constraint.labelSelector ?? {});
  const counts = new Map<string, number>();
  for (const { pod, zone } of placed) {
    if (pod.metadata.namespace !== namespace) continue;
    if (!matchesLabels(requirements, pod.metadata.labels)) continue;
    counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  return counts;
}

/**
 * The zones a pod may go to under its zone spread constraint: those where
 * adding it keeps the skew within maxSkew (DoNotSchedule), or all of them.
 */
export function allowedZones(
  pod: KubeObject,
  zones: string[],
  placed: Array<{ pod: KubeObject; zone: string }>,
): string[] {
  const constraint = zoneSpreadOf(pod);
  if (!constraint || constraint.whenUnsatisfiable === 'ScheduleAnyway') {
    return zones;
  }
  const counts = podsPerZone(constraint, pod.metadata.namespace, placed);
  const min = Math.min(...zones.map(z => counts.get(z) ?? 0));
  const maxSkew = constraint.maxSkew ?? 1;
  return zones.filter(z => (counts.get(z) ?? 0) + 1 - min <= maxSkew);
}

/** Among zones, the one with the fewest selected pods (first on ties). */
export function leastLoadedZone(
  pod: KubeObject,
  zones: string[],
  placed: Array<{ pod: KubeObject; zone: string }>,
): string | undefined {
  const constraint = zoneSpreadOf(pod);
  if (!constraint) return zones[0];
  const counts = podsPerZone(constraint, pod.metadata.namespace, placed);
  return [...zones].sort(
    (a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0),
  )[0];
}

function controllerUid(pod: KubeObject): string | undefined {
  const refs = (pod.metadata.ownerReferences ?? []) as Array<{
    uid: string;
    controller?: boolean;
  }>;
  return refs.find(r => r.controller)?.uid;
}

/**
 * The zone most of a pod's siblings (pods of the same controller) run in.
 * Without a zone spread constraint the sandbox keeps a workload in one zone:
 * the field notes' lesson that Karpenter does not spread pods by default.
 */
export function siblingZone(
  pod: KubeObject,
  placed: Array<{ pod: KubeObject; zone: string }>,
): string | undefined {
  const owner = controllerUid(pod);
  if (!owner) return undefined;
  const counts = new Map<string, number>();
  for (const p of placed) {
    if (controllerUid(p.pod) !== owner || !p.zone) continue;
    counts.set(p.zone, (counts.get(p.zone) ?? 0) + 1);
  }
  return [...counts].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]?.[0];
}
