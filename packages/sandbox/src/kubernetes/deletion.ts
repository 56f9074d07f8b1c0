import { kubeTimestamp } from './time.ts';
import type { KubeObject } from './types.ts';

/** `DeleteOptions.propagationPolicy`. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export const PROPAGATION_POLICIES: PropagationPolicy[] = [
  'Foreground',
  'Background',
  'Orphan',
];

/** The garbage collector's finalizer: orphan the dependents first. */
export const ORPHAN_FINALIZER = 'orphan';
/** The garbage collector's finalizer: delete the dependents first. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function finalizersOf(obj: KubeObject): string[] {
  return (obj.metadata.finalizers as string[] | undefined) ?? [];
}

/**
 * The finalizers an object keeps when it is deleted with a policy, as the
 * apiserver's registry sets them (`deletionFinalizersForGarbageCollection`):
 * Orphan adds `orphan`, Foreground adds `foregroundDeletion`, Background
 * drops both; without a policy a GC finalizer the object already has stays
 * (the default of every served type is Background).
 */
export function finalizersForDeletion(
  obj: KubeObject,
  policy: PropagationPolicy | undefined,
): string[] {
  const current = finalizersOf(obj);
  const orphan =
    policy === undefined
      ? current.includes(ORPHAN_FINALIZER)
      : policy === 'Orphan';
  const foreground =
    policy === undefined
      ? !orphan && current.includes(FOREGROUND_FINALIZER)
      : policy === 'Foreground';
  const kept = current.filter(
    f => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER,
  );
  if (orphan) kept.push(ORPHAN_FINALIZER);
  if (foreground) kept.push(FOREGROUND_FINALIZER);
  return kept;
}

/**
 * What a delete makes of an object: the object marked as being deleted
 * (deletionTimestamp, the finalizers it waits for) when finalizers keep it,
 * or undefined when it goes at once.
 */
export function terminatingForm(
  obj: KubeObject,
  policy: PropagationPolicy | undefined,
): KubeObject | undefined {
  const finalizers = finalizersForDeletion(obj, policy);
  if (finalizers.length === 0) return undefined;
  const terminating = structuredClone(obj);
  terminating.metadata.finalizers = finalizers;
  terminating.metadata.deletionTimestamp ??= kubeTimestamp();
  terminating.metadata.deletionGracePeriodSeconds ??= 0;
  return terminating;
}

/** What the simulation needs of a store to delete. */
export interface DeletingStore {
  apply(obj: KubeObject): KubeObject;
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): boolean;
}

/** Deletes an object as the garbage collector does (no dry run). */
export function deleteWithPolicy(
  store: DeletingStore,
  obj: KubeObject,
  policy: PropagationPolicy | undefined,
): void {
  const terminating = terminatingForm(obj, policy);
  if (terminating) {
    store.apply(terminating);
  } else {
    store.remove(
      obj.apiVersion,
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
  }
}

/**
 * Removes one finalizer of an object being deleted; the object goes when it
 * was the last one.
 */
export function removeFinalizer(
  store: DeletingStore,
  obj: KubeObject,
  finalizer: string,
): void {
  const remaining = finalizersOf(obj).filter(f => f !== finalizer);
  if (remaining.length === 0 && obj.metadata.deletionTimestamp) {
    store.remove(
      obj.apiVersion,
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    return;
  }
  const updated = structuredClone(obj);
  if (remaining.length > 0) updated.metadata.finalizers = remaining;
  else delete updated.metadata.finalizers;
  store.apply(updated);
}
