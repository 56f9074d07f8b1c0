import {
  matchesLabels,
  requirementsOf,
  type LabelSelectorSpec,
} from '../selectors.ts';
import type { KubeObject } from '../types.ts';
import { recordEvent } from './events.ts';
import { randomSuffix } from './names.ts';
import { updateStatus } from './status.ts';
import {
  conditionsOf,
  isTerminating,
  ownerReference,
  ownerReferencesOf,
  podSpecOf,
  type SimulatedCluster,
} from './types.ts';
import { podFrom, removePod } from './workloads.ts';

/** The spec fields of a ReplicaSet the controllers read. */
export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelectorSpec;
}

export function replicaSetSpecOf(rs: KubeObject): ReplicaSetSpec {
  return (rs.spec ?? {}) as ReplicaSetSpec;
}

/** `spec.replicas`, defaulted to 1 as the API does. */
export function desiredReplicas(workload: KubeObject): number {
  return replicaSetSpecOf(workload).replicas ?? 1;
}

/** The owner reference that says which controller manages an object. */
export function controllerRefOf(obj: KubeObject) {
  return ownerReferencesOf(obj).find(r => r.controller);
}

/** Whether a selector matches labels (an empty selector matches nothing, as for apps/v1 controllers). */
export function selectorMatches(
  selector: LabelSelectorSpec | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const requirements = requirementsOf(selector ?? {});
  return requirements.length > 0 && matchesLabels(requirements, labels);
}

/**
 * Adopts the objects a controller's selector matches that have no
 * controller (ControllerRefManager), and returns the objects it controls.
 */
export function claim(
  cluster: SimulatedCluster,
  owner: KubeObject,
  candidates: ReadonlyArray<KubeObject>,
  selector: LabelSelectorSpec | undefined,
): KubeObject[] {
  const owned: KubeObject[] = [];
  for (const candidate of candidates) {
    if (isTerminating(candidate)) continue;
    const ref = controllerRefOf(candidate);
    if (ref) {
      if (ref.uid === owner.metadata.uid) owned.push(candidate);
      continue;
    }
    if (
      isTerminating(owner) ||
      !selectorMatches(selector, candidate.metadata.labels)
    ) {
      continue;
    }
    owned.push(
      cluster.apply({
        ...candidate,
        metadata: {
          ...candidate.metadata,
          ownerReferences: [
            ...ownerReferencesOf(candidate),
            ownerReference(owner),
          ],
        },
      }),
    );
  }
  return owned;
}

/**
 * When a Ready pod counts as available: once it has been Ready for
 * `minReadySeconds`. Returns the time it will be, or true/false.
 */
function availableAt(
  pod: KubeObject,
  minReadySeconds: number,
): number | boolean {
  const ready = conditionsOf(pod).find(c => c.type === 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return true;
  const at = since + minReadySeconds * 1000;
  return at <= Date.now() ? true : at;
}

/**
 * The order the ReplicaSet controller deletes surplus pods in: unscheduled
 * before scheduled, pending before running, not ready before ready, newer
 * before older.
 */
function deletionRank(pod: KubeObject): number[] {
  const status = (pod.status ?? {}) as { phase?: string };
  const ready = conditionsOf(pod).some(
    c => c.type === 'Ready' && c.status === 'True',
  );
  return [
    podSpecOf(pod).nodeName ? 1 : 0,
    status.phase === 'Running' ? 1 : 0,
    ready ? 1 : 0,
    -Date.parse(pod.metadata.creationTimestamp ?? '') || 0,
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/**
 * ReplicaSets: keep `spec.replicas` pods of their template (adopting
 * orphaned pods their selector matches), and report replicas, ready and
 * available pods (Ready for `minReadySeconds`) in their status.
 */
export function replicaSetController(cluster: SimulatedCluster): void {
  for (const rs of cluster.view('apps/v1', 'ReplicaSet')) {
    const spec = replicaSetSpecOf(rs);
    const candidates = cluster.view('v1', 'Pod', rs.metadata.namespace);
    const pods = claim(cluster, rs, candidates, spec.selector);
    if (!isTerminating(rs)) {
      const replicas = desiredReplicas(rs);
      for (let i = pods.length; i < replicas; i++) {
        const pod = cluster.apply(
          podFrom(rs, `${rs.metadata.name}-${randomSuffix()}`, {}),
        );
        pods.push(pod);
        recordEvent(cluster, rs, {
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `Created pod: ${pod.metadata.name}`,
          component: 'replicaset-controller',
        });
      }
      if (pods.length > replicas) {
        pods.sort((a, b) => compareRanks(deletionRank(a), deletionRank(b)));
        for (const extra of pods.splice(0, pods.length - replicas)) {
          removePod(cluster, extra);
          recordEvent(cluster, rs, {
            type: 'Normal',
            reason: 'SuccessfulDelete',
            message: `Deleted pod: ${extra.metadata.name}`,
            component: 'replicaset-controller',
          });
        }
      }
    }
    const current = pods
      .map(p => cluster.get('v1', 'Pod', p.metadata.namespace, p.metadata.name))
      .filter((p): p is KubeObject => p !== undefined);
    const minReadySeconds = spec.minReadySeconds ?? 0;
    let ready = 0;
    let available = 0;
    for (const pod of current) {
      const at = availableAt(pod, minReadySeconds);
      if (at !== false) ready++;
      if (at === true) available++;
      else if (typeof at === 'number') cluster.wakeAt(at);
    }
    const fresh = cluster.get(
      rs.apiVersion,
      rs.kind,
      rs.metadata.namespace,
      rs.metadata.name,
    );
    if (!fresh) continue;
    updateStatus(cluster, fresh, {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: fresh.metadata.generation,
    });
  }
}
