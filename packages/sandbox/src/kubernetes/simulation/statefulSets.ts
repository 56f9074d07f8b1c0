import type { KubeObject } from '../types.ts';
import { recordEvent } from './events.ts';
import { templateHash } from './names.ts';
import { claim, desiredReplicas, type ReplicaSetSpec } from './replicaSets.ts';
import { updateStatus } from './status.ts';
import { isTerminating, isTrue, type SimulatedCluster } from './types.ts';
import { podFrom, removePod, templateOf } from './workloads.ts';

export const REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

interface StatefulSetSpec extends ReplicaSetSpec {
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: {
    type?: 'RollingUpdate' | 'OnDelete';
    rollingUpdate?: { partition?: number };
  };
}

interface StatefulSetStatus {
  currentRevision?: string;
  updateRevision?: string;
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number {
  const suffix = pod.metadata.name.slice(sts.metadata.name.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

/** The revision name of a StatefulSet's current template (`<name>-<hash>`). */
function revisionOf(sts: KubeObject): string {
  return `${sts.metadata.name}-${templateHash(templateOf(sts))}`;
}

function newPod(sts: KubeObject, ordinal: number, revision: string) {
  const spec = (sts.spec ?? {}) as StatefulSetSpec;
  const name = `${sts.metadata.name}-${ordinal}`;
  const pod = podFrom(sts, name, {
    [REVISION_LABEL]: revision,
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
  });
  pod.spec = {
    ...(pod.spec as object),
    hostname: name,
    ...(spec.serviceName ? { subdomain: spec.serviceName } : {}),
  };
  return pod;
}

/**
 * StatefulSets: pods `<name>-0` … `<name>-(replicas-1)` with stable names,
 * created in order and each only once the ones before it are Ready
 * (OrderedReady; all at once with Parallel), removed from the highest
 * ordinal down, and rolled to a new template from the highest ordinal down
 * to the partition, one Ready pod at a time; the status reports current and
 * update revisions as `kubectl rollout status` reads them.
 */
export function statefulSetController(cluster: SimulatedCluster): void {
  for (const sts of cluster.view('apps/v1', 'StatefulSet')) {
    const spec = (sts.spec ?? {}) as StatefulSetSpec;
    const replicas = desiredReplicas(sts);
    const parallel = spec.podManagementPolicy === 'Parallel';
    const updateRevision = revisionOf(sts);
    const previous = (sts.status ?? {}) as StatefulSetStatus;
    const pods = claim(
      cluster,
      sts,
      cluster.view('v1', 'Pod', sts.metadata.namespace),
      spec.selector,
    ).sort((a, b) => ordinalOf(sts, a) - ordinalOf(sts, b));
    if (!isTerminating(sts)) {
      const byOrdinal = new Map(pods.map(p => [ordinalOf(sts, p), p]));
      // create the missing pods, in order unless Parallel
      for (let ordinal = 0; ordinal < replicas; ordinal++) {
        const existing = byOrdinal.get(ordinal);
        if (existing) {
          if (!parallel && !isTrue(existing, 'Ready')) break;
          continue;
        }
        const created = cluster.apply(newPod(sts, ordinal, updateRevision));
        byOrdinal.set(ordinal, created);
        recordEvent(cluster, sts, {
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `create Pod ${created.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
          component: 'statefulset-controller',
        });
        if (!parallel) break;
      }
      // remove surplus pods, highest ordinal first
      const surplus = [...byOrdinal.entries()]
        .filter(([ordinal]) => ordinal >= replicas || ordinal < 0)
        .sort(([a], [b]) => b - a);
      for (const [ordinal, pod] of surplus) {
        removePod(cluster, pod);
        byOrdinal.delete(ordinal);
        recordEvent(cluster, sts, {
          type: 'Normal',
          reason: 'SuccessfulDelete',
          message: `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
          component: 'statefulset-controller',
        });
        if (!parallel) break;
      }
      // roll pods of an old revision, highest ordinal first, one at a time
      const rolling =
        (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      const allReady = [...byOrdinal.values()].every(p => isTrue(p, 'Ready'));
      if (rolling && allReady && surplus.length === 0) {
        const stale = [...byOrdinal.entries()]
          .filter(
            ([ordinal, pod]) =>
              ordinal >= partition &&
              ordinal < replicas &&
              pod.metadata.labels?.[REVISION_LABEL] !== updateRevision,
          )
          .sort(([a], [b]) => b - a);
        if (stale.length > 0) removePod(cluster, stale[0][1]);
      }
    }
    const current = cluster
      .view('v1', 'Pod', sts.metadata.namespace)
      .filter(
        p =>
          !isTerminating(p) &&
          p.metadata.ownerReferences !== undefined &&
          (p.metadata.ownerReferences as Array<{ uid: string }>).some(
            r => r.uid === sts.metadata.uid,
          ),
      );
    const ready = current.filter(p => isTrue(p, 'Ready')).length;
    const updated = current.filter(
      p => p.metadata.labels?.[REVISION_LABEL] === updateRevision,
    ).length;
    const complete = updated === replicas && current.length === replicas;
    // without a recorded current revision, the lowest pod holds it (pods
    // are updated from the highest ordinal down)
    const lowest = [...current].sort(
      (a, b) => ordinalOf(sts, a) - ordinalOf(sts, b),
    )[0];
    const currentRevision = complete
      ? updateRevision
      : previous.currentRevision ??
        lowest?.metadata.labels?.[REVISION_LABEL] ??
        updateRevision;
    const fresh = cluster.get(
      sts.apiVersion,
      sts.kind,
      sts.metadata.namespace,
      sts.metadata.name,
    );
    if (!fresh) continue;
    updateStatus(cluster, fresh, {
      observedGeneration: fresh.metadata.generation,
      replicas: current.length,
      readyReplicas: ready,
      currentReplicas: current.filter(
        p => p.metadata.labels?.[REVISION_LABEL] === currentRevision,
      ).length,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    });
  }
}
