import {
  deleteWithPolicy,
  finalizersOf,
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  removeFinalizer,
} from '../deletion.ts';
import { groupOf, type KubeObject } from '../types.ts';
import {
  isTerminating,
  ownerReferencesOf,
  type OwnerReference,
  type PodSpec,
  type SimulatedCluster,
} from './types.ts';

/** Whether the referenced owner exists: same uid, same kind and group. */
function ownerExists(cluster: SimulatedCluster, ref: OwnerReference): boolean {
  const owner = cluster.byUid(ref.uid);
  return (
    owner !== undefined &&
    owner.kind === ref.kind &&
    groupOf(owner.apiVersion) === groupOf(ref.apiVersion)
  );
}

/** Whether the API serves the kind an owner reference names. */
function resolvable(cluster: SimulatedCluster, ref: OwnerReference): boolean {
  const group = groupOf(ref.apiVersion);
  return cluster
    .resourceTypes()
    .some(t => t.group === group && t.kind === ref.kind);
}

function withoutOwner(obj: KubeObject, uids: Set<string>): KubeObject {
  const updated = structuredClone(obj);
  const refs = ownerReferencesOf(obj).filter(r => !uids.has(r.uid));
  if (refs.length > 0) updated.metadata.ownerReferences = refs;
  else delete updated.metadata.ownerReferences;
  return updated;
}

/** The current stored form of an object seen earlier in this pass. */
function current(cluster: SimulatedCluster, obj: KubeObject) {
  return obj.metadata.uid ? cluster.byUid(obj.metadata.uid) : undefined;
}

/**
 * Handles the owners being deleted with the garbage collector's finalizers:
 * `orphan` (dependents lose their reference, then the owner goes) and
 * `foregroundDeletion` (dependents are deleted, the owner goes once those
 * that block owner deletion are gone).
 */
function finalizeOwners(
  cluster: SimulatedCluster,
  dependents: Map<string, KubeObject[]>,
): void {
  for (const seen of cluster.viewAll()) {
    if (!seen.metadata.deletionTimestamp) continue;
    const finalizers = finalizersOf(seen);
    const uid = seen.metadata.uid!;
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      for (const dependent of dependents.get(uid) ?? []) {
        const fresh = current(cluster, dependent);
        if (fresh) cluster.apply(withoutOwner(fresh, new Set([uid])));
      }
      const owner = current(cluster, seen);
      if (owner) removeFinalizer(cluster, owner, ORPHAN_FINALIZER);
    } else if (finalizers.includes(FOREGROUND_FINALIZER)) {
      let blocking = 0;
      for (const dependent of dependents.get(uid) ?? []) {
        const fresh = current(cluster, dependent);
        if (!fresh) continue;
        const ref = ownerReferencesOf(fresh).find(r => r.uid === uid);
        if (ref?.blockOwnerDeletion) blocking++;
        // dependents that block their owner are deleted in the foreground
        // too, so the owner waits for the whole tree
        if (!isTerminating(fresh)) {
          deleteWithPolicy(
            cluster,
            fresh,
            ref?.blockOwnerDeletion ? 'Foreground' : 'Background',
          );
        }
      }
      const owner = current(cluster, seen);
      if (owner && blocking === 0) {
        removeFinalizer(cluster, owner, FOREGROUND_FINALIZER);
      }
    }
  }
}

/**
 * The garbage collector: owners deleted with the `orphan` or
 * `foregroundDeletion` finalizer are finalized; an object whose owners are
 * all gone is deleted (in the background), one that lost only some owners
 * loses those references. References to kinds the API does not serve are
 * left alone, as the real collector cannot resolve them either. Pods bound
 * to nodes that no longer exist are removed too.
 */
export function garbageCollector(cluster: SimulatedCluster): void {
  const dependents = new Map<string, KubeObject[]>();
  for (const obj of cluster.viewAll()) {
    for (const ref of ownerReferencesOf(obj)) {
      const list = dependents.get(ref.uid) ?? [];
      list.push(obj);
      dependents.set(ref.uid, list);
    }
  }
  finalizeOwners(cluster, dependents);

  for (const seen of cluster.viewAll()) {
    const refs = ownerReferencesOf(seen);
    if (refs.length === 0) continue;
    const gone = refs.filter(
      r => !ownerExists(cluster, r) && resolvable(cluster, r),
    );
    if (gone.length === 0) continue;
    const obj = current(cluster, seen);
    if (!obj) continue;
    if (gone.length === refs.length) {
      if (!isTerminating(obj)) deleteWithPolicy(cluster, obj, undefined);
    } else {
      cluster.apply(withoutOwner(obj, new Set(gone.map(r => r.uid))));
    }
  }

  const nodeNames = new Set(
    cluster.view('v1', 'Node').map(n => n.metadata.name),
  );
  for (const pod of cluster.view('v1', 'Pod')) {
    const nodeName = (pod.spec as PodSpec | undefined)?.nodeName;
    if (nodeName && !nodeNames.has(nodeName)) {
      cluster.remove('v1', 'Pod', pod.metadata.namespace, pod.metadata.name);
    }
  }
}
