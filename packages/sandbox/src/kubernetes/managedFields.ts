import type { ResourceType } from './resources.ts';
import { applyConflict } from './status.ts';
import { canonicalJson, isPlainObject } from './patches.ts';
import { kubeTimestamp } from './time.ts';
import type { KubeObject } from './types.ts';

/**
 * Field ownership for server-side apply. Fields are leaf paths: maps are
 * followed into, lists and scalars are owned whole (the apiserver merges
 * lists by key; the sandbox treats every list as atomic).
 */
type FieldPath = string[];

/** Fields no manager owns: identity and server-set metadata. */
const UNOWNED = new Set([
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.managedFields',
  'metadata.deletionTimestamp',
  'status',
]);

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

const SEP = '\u0000';

function leafPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (UNOWNED.has(prefix.join('.'))) return [];
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) =>
      leafPaths(v, [...prefix, k]),
    );
  }
  return prefix.length > 0 ? [prefix] : [];
}

function valueAt(obj: unknown, path: FieldPath): unknown {
  let current = obj;
  for (const part of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function deleteAt(obj: Record<string, unknown>, path: FieldPath): void {
  const parents: Array<Record<string, unknown>> = [obj];
  let current: unknown = obj;
  for (const part of path.slice(0, -1)) {
    if (!isPlainObject(current)) return;
    current = current[part];
    if (!isPlainObject(current)) return;
    parents.push(current);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  // drop maps the removal left empty
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length > 0) break;
    delete parents[i - 1][path[i - 1]];
  }
}

function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    for (const part of path) {
      const key = `f:${part}`;
      node[key] = (node[key] as Record<string, unknown>) ?? {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}

function fromFieldsV1(
  fields: Record<string, unknown>,
  prefix: FieldPath = [],
): FieldPath[] {
  const children = Object.keys(fields).filter(k => k.startsWith('f:'));
  if (children.length === 0) return prefix.length ? [prefix] : [];
  return children.flatMap(k =>
    fromFieldsV1((fields[k] as Record<string, unknown>) ?? {}, [
      ...prefix,
      k.slice(2),
    ]),
  );
}

interface Ownership {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

function ownershipOf(obj: KubeObject | undefined): Ownership[] {
  const entries = (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map(entry => ({
    entry,
    paths: new Set(fromFieldsV1(entry.fieldsV1 ?? {}).map(p => p.join(SEP))),
  }));
}

function writeOwnership(obj: KubeObject, owners: Ownership[]): void {
  obj.metadata.managedFields = owners
    .filter(o => o.paths.size > 0)
    .map(o => ({
      ...o.entry,
      fieldsV1: toFieldsV1([...o.paths].map(p => p.split(SEP))),
    }));
}

/** Merges an applied configuration: maps merge, everything else replaces. */
function mergeApplied(target: unknown, applied: unknown): unknown {
  if (!isPlainObject(applied) || !isPlainObject(target)) {
    return structuredClone(applied);
  }
  const result = { ...target };
  for (const [k, v] of Object.entries(applied)) {
    result[k] = mergeApplied(result[k], v);
  }
  return result;
}

/**
 * Server-side apply of `applied` by `manager` over `existing` (absent when
 * the object is created). Conflicts with other managers' differing values
 * fail with 409 unless `force`; fields this manager applied before and no
 * longer applies are removed when no one else owns them.
 */
export function serverSideApply(opts: {
  type: ResourceType;
  existing: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
}): KubeObject {
  const { type, existing, applied, manager, force } = opts;
  const appliedPaths = leafPaths(applied);
  const appliedKeys = new Set(appliedPaths.map(p => p.join(SEP)));
  const owners = ownershipOf(existing);
  const isMine = (o: Ownership) =>
    o.entry.manager === manager && o.entry.operation === 'Apply';

  const conflicts: Array<{ manager: string; field: string }> = [];
  for (const owner of owners.filter(o => !isMine(o))) {
    for (const path of appliedPaths) {
      const key = path.join(SEP);
      if (!owner.paths.has(key)) continue;
      const same =
        canonicalJson(valueAt(existing, path)) ===
        canonicalJson(valueAt(applied, path));
      if (same) continue;
      if (force) owner.paths.delete(key);
      else
        conflicts.push({
          manager: owner.entry.manager,
          field: `.${path.join('.')}`,
        });
    }
  }
  if (conflicts.length > 0) {
    throw applyConflict(type, applied.metadata.name, conflicts);
  }

  const base = structuredClone(existing ?? applied) as KubeObject;
  const mine = owners.find(isMine);
  if (existing && mine) {
    for (const key of mine.paths) {
      if (appliedKeys.has(key)) continue;
      const ownedElsewhere = owners.some(o => o !== mine && o.paths.has(key));
      if (!ownedElsewhere) deleteAt(base, key.split(SEP));
    }
  }
  const result = mergeApplied(base, applied) as KubeObject;
  result.metadata.uid = existing?.metadata.uid;
  result.metadata.resourceVersion = existing?.metadata.resourceVersion;
  // status is changed through the status subresource where there is one
  if (type.subresources.includes('status')) {
    if (existing?.status !== undefined) result.status = existing.status;
    else delete result.status;
  }

  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: kubeTimestamp(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  const others = owners.filter(o => !isMine(o));
  writeOwnership(result, [...others, { entry, paths: appliedKeys }]);
  return result;
}

/**
 * Records an update (create, replace, patch) by `manager`: it takes over the
 * fields whose values it changed.
 */
export function recordUpdate(opts: {
  existing: KubeObject | undefined;
  updated: KubeObject;
  manager: string;
}): KubeObject {
  const { existing, updated, manager } = opts;
  const result = structuredClone(updated);
  const changed = leafPaths(updated)
    .filter(
      p =>
        !existing ||
        canonicalJson(valueAt(existing, p)) !==
          canonicalJson(valueAt(updated, p)),
    )
    .map(p => p.join(SEP));
  const owners = ownershipOf(existing);
  const stillPresent = new Set(leafPaths(updated).map(p => p.join(SEP)));
  for (const owner of owners) {
    for (const key of [...owner.paths]) {
      if (!stillPresent.has(key)) owner.paths.delete(key);
    }
  }
  if (changed.length > 0) {
    for (const owner of owners) {
      if (
        owner.entry.manager === manager &&
        owner.entry.operation === 'Update'
      ) {
        continue;
      }
      for (const key of changed) owner.paths.delete(key);
    }
    let mine = owners.find(
      o => o.entry.manager === manager && o.entry.operation === 'Update',
    );
    if (!mine) {
      mine = {
        entry: {
          manager,
          operation: 'Update',
          apiVersion: updated.apiVersion,
          time: kubeTimestamp(),
          fieldsType: 'FieldsV1',
          fieldsV1: {},
        },
        paths: new Set(),
      };
      owners.push(mine);
    }
    mine.entry.time = kubeTimestamp();
    for (const key of changed) mine.paths.add(key);
  }
  writeOwnership(result, owners);
  return result;
}
