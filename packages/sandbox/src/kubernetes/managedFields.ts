import type { KubernetesCluster } from './KubernetesCluster.ts';
import {
  builtinStrategy,
  crdVersionSchema,
  PLAIN_NODE,
  schemaStrategy,
  type StrategyNode,
} from './listStrategies.ts';
import { canonicalJson, isPlainObject } from './patches.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { applyConflict, badRequest, KubeApiError } from './status.ts';
import { kubeTimestamp } from './time.ts';
import type { KubeObject } from './types.ts';

/**
 * Field ownership for server-side apply, as structured-merge-diff keeps it:
 * a field set holds paths whose elements are `f:<field>`, `k:<keys>` (an
 * element of a `map` list, by its list map keys), `v:<value>` (an element of
 * a `set` list); atomic lists, atomic maps and scalars are owned whole. The
 * managedFields entries are written in FieldsV1 as the API server writes
 * them.
 */
type PathElement = string;
type Path = PathElement[];

const SEP = '\u0000';

/** Fields no manager owns: identity and server-set metadata. */
const UNOWNED = new Set([
  'f:apiVersion',
  'f:kind',
  ['f:metadata', 'f:name'].join(SEP),
  ['f:metadata', 'f:namespace'].join(SEP),
  ['f:metadata', 'f:uid'].join(SEP),
  ['f:metadata', 'f:resourceVersion'].join(SEP),
  ['f:metadata', 'f:generation'].join(SEP),
  ['f:metadata', 'f:creationTimestamp'].join(SEP),
  ['f:metadata', 'f:managedFields'].join(SEP),
  ['f:metadata', 'f:deletionTimestamp'].join(SEP),
  ['f:metadata', 'f:deletionGracePeriodSeconds'].join(SEP),
  ['f:metadata', 'f:selfLink'].join(SEP),
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

/** The merge structure of a resource type (built-in table or CRD schema). */
export function strategyFor(
  cluster: KubernetesCluster,
  type: ResourceType,
): StrategyNode {
  if (!type.custom) {
    return builtinStrategy(apiVersionOf(type), type.kind) ?? PLAIN_NODE;
  }
  const crd = cluster.get(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    undefined,
    `${type.plural}.${type.group}`,
  );
  return schemaStrategy(crdVersionSchema(crd, type.version));
}

function keyElement(
  item: unknown,
  keys: string[],
  defaults: Record<string, unknown>,
): PathElement | undefined {
  if (!isPlainObject(item)) return undefined;
  const fields: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const value = item[key] ?? defaults[key];
    if (value !== undefined) fields[key] = value;
  }
  return `k:${JSON.stringify(fields)}`;
}

function elementOf(
  item: unknown,
  node: StrategyNode,
  index: number,
): PathElement {
  if (node.list.listType === 'map') {
    return (
      keyElement(
        item,
        node.list.listMapKeys ?? [],
        node.list.listMapKeyDefaults ?? {},
      ) ?? `i:${index}`
    );
  }
  if (node.list.listType === 'set') return `v:${JSON.stringify(item)}`;
  return `i:${index}`;
}

function isOwnable(path: Path): boolean {
  return !UNOWNED.has(path.join(SEP));
}

/**
 * The field set of an applied configuration: its leaves, the elements of its
 * associative lists (with their fields), empty maps and atomic values.
 */
function appliedSet(
  value: unknown,
  node: StrategyNode,
  errors: string[] = [],
): Set<string> {
  const set = new Set<string>();
  const walk = (v: unknown, n: StrategyNode, p: Path) => {
    if (p.length > 0 && !isOwnable(p)) return;
    if (isPlainObject(v) && !n.atomic && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) {
        walk(child, n.field(k), [...p, `f:${k}`]);
      }
      return;
    }
    if (Array.isArray(v) && n.list.listType !== 'atomic' && v.length > 0) {
      const items = n.items();
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const element = [...p, elementOf(item, n, i)];
        const where = describe(p.join(SEP));
        if (n.list.listType === 'map' && isPlainObject(item)) {
          const defaults = n.list.listMapKeyDefaults ?? {};
          const omitted = (n.list.listMapKeys ?? []).find(
            key => item[key] === undefined && defaults[key] === undefined,
          );
          if (omitted) {
            errors.push(
              `${where}: element ${i}: associative list with keys has an element that omits key field "${omitted}" (and doesn't have default value)`,
            );
            return;
          }
        }
        const last = element[element.length - 1];
        if (n.list.listType === 'map' && seen.has(last)) {
          errors.push(`${where}: duplicate entries for key ${describe(last)}`);
        }
        seen.add(last);
        set.add(element.join(SEP));
        if (n.list.listType === 'map' && isPlainObject(item)) {
          for (const [k, child] of Object.entries(item)) {
            walk(child, items.field(k), [...element, `f:${k}`]);
          }
        }
      });
      return;
    }
    if (p.length > 0) set.add(p.join(SEP));
  };
  walk(value, node, []);
  return set;
}

/**
 * The paths an update adds or changes: every node new in `after` (with, when
 * `members` is set, only the nodes an Update entry records: maps, lists and
 * list elements, not the fixed fields of built-in structs) and every leaf
 * whose value changed.
 */
function changedSet(
  before: unknown,
  after: unknown,
  node: StrategyNode,
): Set<string> {
  const set = new Set<string>();
  const added = (v: unknown, n: StrategyNode, p: Path, isElement: boolean) => {
    if (p.length > 0 && !isOwnable(p)) return;
    const container =
      (isPlainObject(v) && !n.atomic && Object.keys(v).length > 0) ||
      (Array.isArray(v) && n.list.listType !== 'atomic' && v.length > 0);
    // Update entries record new maps, lists and elements, not the fixed
    // fields of built-in structs (which an empty object of the type has)
    const fixed =
      container && (n.struct || (p.length === 1 && p[0] === 'f:metadata'));
    if (p.length > 0 && (isElement || !fixed)) set.add(p.join(SEP));
    if (!container) return;
    if (Array.isArray(v)) {
      const items = n.items();
      v.forEach((item, i) => {
        const element = [...p, elementOf(item, n, i)];
        if (n.list.listType === 'map' && isPlainObject(item)) {
          added(item, items, element, true);
        } else {
          set.add(element.join(SEP));
        }
      });
      return;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      added(child, n.field(k), [...p, `f:${k}`], false);
    }
  };
  const walk = (b: unknown, a: unknown, n: StrategyNode, p: Path) => {
    if (p.length > 0 && !isOwnable(p)) return;
    if (a === undefined) return;
    if (b === undefined) {
      added(a, n, p, false);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b) && !n.atomic) {
      for (const [k, child] of Object.entries(a)) {
        walk(b[k], child, n.field(k), [...p, `f:${k}`]);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && n.list.listType !== 'atomic') {
      const items = n.items();
      const old = new Map<string, unknown>();
      b.forEach((item, i) => old.set(elementOf(item, n, i), item));
      a.forEach((item, i) => {
        const element = elementOf(item, n, i);
        if (!old.has(element)) {
          if (n.list.listType === 'map' && isPlainObject(item)) {
            added(item, items, [...p, element], true);
          } else {
            set.add([...p, element].join(SEP));
          }
        } else if (n.list.listType === 'map') {
          walk(old.get(element), item, items, [...p, element]);
        }
      });
      return;
    }
    if (canonicalJson(a) !== canonicalJson(b) && p.length > 0) {
      set.add(p.join(SEP));
    }
  };
  walk(before, after, node, []);
  return set;
}

/** Every path that exists in an object (the nodes a set may hold). */
function presentSet(value: unknown, node: StrategyNode): Set<string> {
  const set = new Set<string>();
  const walk = (v: unknown, n: StrategyNode, p: Path) => {
    if (p.length > 0) set.add(p.join(SEP));
    if (isPlainObject(v) && !n.atomic) {
      for (const [k, child] of Object.entries(v)) {
        walk(child, n.field(k), [...p, `f:${k}`]);
      }
    } else if (Array.isArray(v) && n.list.listType !== 'atomic') {
      const items = n.items();
      v.forEach((item, i) =>
        walk(item, n.list.listType === 'map' ? items : PLAIN_NODE, [
          ...p,
          elementOf(item, n, i),
        ]),
      );
    }
  };
  walk(value, node, []);
  return set;
}

function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  interface Tree {
    member: boolean;
    children: Map<string, Tree>;
  }
  const root: Tree = { member: false, children: new Map() };
  for (const path of paths) {
    let tree = root;
    for (const element of path.split(SEP)) {
      let child = tree.children.get(element);
      if (!child) {
        child = { member: false, children: new Map() };
        tree.children.set(element, child);
      }
      tree = child;
    }
    tree.member = true;
  }
  const render = (tree: Tree): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (tree.member && tree.children.size > 0) out['.'] = {};
    for (const key of [...tree.children.keys()].sort()) {
      out[key] = render(tree.children.get(key)!);
    }
    return out;
  };
  return render(root);
}

function fromFieldsV1(fields: unknown): Set<string> {
  const set = new Set<string>();
  const walk = (node: unknown, path: Path) => {
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) {
      set.add(path.join(SEP));
    }
    for (const key of keys) {
      if (key !== '.') walk(node[key], [...path, key]);
    }
  };
  walk(fields, []);
  return set;
}

/** `.spec.containers[name="c"].image`, as conflicts name a field. */
function describe(path: string): string {
  return path
    .split(SEP)
    .map(element => {
      const value = element.slice(2);
      if (element.startsWith('f:')) return `.${value}`;
      if (element.startsWith('k:')) {
        const keys = JSON.parse(value) as Record<string, unknown>;
        return `[${Object.entries(keys)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (element.startsWith('v:')) return `[=${value}]`;
      return `[${value}]`;
    })
    .join('');
}

interface Ownership {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

function ownershipOf(obj: KubeObject | undefined): Ownership[] {
  const entries = (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map(entry => ({
    entry: { ...entry },
    paths: fromFieldsV1(entry.fieldsV1 ?? {}),
  }));
}

/** Entries in the API server's order: operation, time, manager, version. */
function writeOwnership(obj: KubeObject, owners: Ownership[]): void {
  const entries = owners
    .filter(o => o.paths.size > 0)
    .map(o => ({ ...o.entry, fieldsV1: toFieldsV1(o.paths) }))
    .sort(
      (p, q) =>
        p.operation.localeCompare(q.operation) ||
        Date.parse(p.time) - Date.parse(q.time) ||
        p.manager.localeCompare(q.manager) ||
        p.apiVersion.localeCompare(q.apiVersion) ||
        (p.subresource ?? '').localeCompare(q.subresource ?? ''),
    );
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

/** Merges an applied configuration into the live object, list by list. */
function mergeApplied(
  live: unknown,
  applied: unknown,
  node: StrategyNode,
): unknown {
  if (isPlainObject(applied) && isPlainObject(live) && !node.atomic) {
    const result = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete result[k];
      else result[k] = mergeApplied(result[k], v, node.field(k));
    }
    return result;
  }
  if (
    Array.isArray(applied) &&
    Array.isArray(live) &&
    node.list.listType !== 'atomic'
  ) {
    const items = node.items();
    const result = [...live];
    const at = (element: PathElement) =>
      result.findIndex((item, i) => elementOf(item, node, i) === element);
    let previous = -1;
    applied.forEach((item, i) => {
      const element = elementOf(item, node, i);
      const found = at(element);
      if (found >= 0) {
        result[found] =
          node.list.listType === 'map'
            ? mergeApplied(result[found], item, items)
            : item;
        previous = found;
      } else {
        const position = previous >= 0 ? previous + 1 : result.length;
        result.splice(position, 0, structuredClone(item));
        previous = position;
      }
    });
    return result;
  }
  return structuredClone(applied);
}

/** Removes the field a path names; returns whether it was there. */
function removePath(obj: unknown, path: Path, node: StrategyNode): void {
  let current: unknown = obj;
  let n = node;
  const parents: Array<{ container: unknown; element: PathElement }> = [];
  for (const element of path.slice(0, -1)) {
    parents.push({ container: current, element });
    const next = childAt(current, element, n);
    if (next === undefined) return;
    n = element.startsWith('f:') ? n.field(element.slice(2)) : n.items();
    current = next;
  }
  removeChild(current, path[path.length - 1], n);
  // drop maps and lists the removal left empty
  for (let i = parents.length - 1; i >= 0; i--) {
    const { container, element } = parents[i];
    const child = childAt(container, element, PLAIN_NODE);
    const empty =
      (isPlainObject(child) && Object.keys(child).length === 0) ||
      (Array.isArray(child) && child.length === 0);
    if (!empty || !element.startsWith('f:')) break;
    removeChild(container, element, PLAIN_NODE);
  }
}

function childAt(
  container: unknown,
  element: PathElement,
  node: StrategyNode,
): unknown {
  if (element.startsWith('f:')) {
    return isPlainObject(container) ? container[element.slice(2)] : undefined;
  }
  if (!Array.isArray(container)) return undefined;
  return container.find((item, i) => elementOf(item, node, i) === element);
}

function removeChild(
  container: unknown,
  element: PathElement,
  node: StrategyNode,
): void {
  if (element.startsWith('f:')) {
    if (isPlainObject(container)) delete container[element.slice(2)];
    return;
  }
  if (!Array.isArray(container)) return;
  const index = container.findIndex(
    (item, i) => elementOf(item, node, i) === element,
  );
  if (index >= 0) container.splice(index, 1);
}

function ownsWithin(paths: Set<string>, path: string): boolean {
  if (paths.has(path)) return true;
  const prefix = path + SEP;
  for (const p of paths) if (p.startsWith(prefix)) return true;
  return false;
}

/** The JSON-encoded manager name conflicts report for an Update manager. */
function managerName(entry: ManagedFieldsEntry): string {
  const name = JSON.stringify(entry.manager);
  const withSub = entry.subresource
    ? `${name} with subresource ${JSON.stringify(entry.subresource)}`
    : name;
  if (entry.operation !== 'Update') return withSub;
  const time = entry.time
    ? ` at ${new Date(entry.time).toISOString().replace('.000Z', 'Z')}`
    : '';
  return `${withSub} using ${entry.apiVersion}${time}`;
}

/**
 * Server-side apply of `applied` by `manager` over `existing` (absent when
 * the object is created). A field another manager owns whose value this
 * apply changes is a conflict (409) unless `force`, which moves it to this
 * manager; fields this manager applied before, no longer applies and no one
 * else owns are removed.
 */
export function serverSideApply(opts: {
  type: ResourceType;
  strategy: StrategyNode;
  existing: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  subresource?: string;
}): KubeObject {
  const { type, strategy, existing, applied, manager, force } = opts;
  if (applied.metadata.managedFields !== undefined) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const onStatus = opts.subresource === 'status';
  // the main resource does not take status, the status subresource takes
  // nothing but status
  const skipStatus = !onStatus && type.subresources.includes('status');
  const config = onStatus
    ? ({
        apiVersion: applied.apiVersion,
        kind: applied.kind,
        metadata: { name: applied.metadata.name },
        ...(applied.status === undefined ? {} : { status: applied.status }),
      } as KubeObject)
    : structuredClone(applied);
  if (skipStatus) delete config.status;
  const errors: string[] = [];
  const mine = appliedSet(config, strategy, errors);
  if (errors.length > 0) throw typedPatchError(type, applied, errors);
  const owners = ownershipOf(existing);
  const isMine = (o: Ownership) =>
    o.entry.manager === manager &&
    o.entry.operation === 'Apply' &&
    (o.entry.subresource ?? '') === (opts.subresource ?? '');
  const previous = owners.find(isMine);
  const others = owners.filter(o => !isMine(o));

  let merged = mergeApplied(
    structuredClone(existing ?? {}),
    config,
    strategy,
  ) as KubeObject;
  if (existing) {
    const changed = changedSet(existing, merged, strategy);
    const conflicts: Array<{ owner: Ownership; path: string }> = [];
    for (const owner of others) {
      for (const path of owner.paths) {
        if (changed.has(path)) conflicts.push({ owner, path });
      }
    }
    // kubectl's server-side apply may take over what its client-side apply
    // last applied, where the live object still holds those values
    const allowed =
      manager === 'kubectl' && conflicts.length > 0
        ? lastAppliedFields(existing, strategy)
        : new Set<string>();
    const taken = force || conflicts.every(c => allowed.has(c.path));
    if (!taken) {
      throw applyConflict(
        type,
        applied.metadata.name,
        // only the conflicts the last-applied configuration does not allow
        conflicts
          .filter(c => !allowed.has(c.path))
          .map(c => ({
            manager: managerName(c.owner.entry),
            field: describe(c.path),
          })),
      );
    }
    for (const { owner, path } of conflicts) owner.paths.delete(path);
    if (previous) {
      const stale = [...previous.paths]
        .filter(p => !mine.has(p))
        .filter(
          p =>
            !ownsWithin(mine, p) && !others.some(o => ownsWithin(o.paths, p)),
        )
        // shallowest first: removing a field or element removes what is in it
        .sort((a, b) => a.split(SEP).length - b.split(SEP).length);
      const removed: string[] = [];
      for (const path of stale) {
        if (removed.some(r => path.startsWith(r + SEP))) continue;
        removePath(merged, path.split(SEP), strategy);
        removed.push(path);
      }
    }
  } else {
    merged = config;
  }

  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: kubeTimestamp(),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
  const result = merged;
  if (onStatus && existing) {
    for (const key of Object.keys(result)) {
      if (key !== 'status' && key !== 'metadata') delete result[key];
    }
    Object.assign(result, { ...existing, status: result.status });
    result.metadata = structuredClone(existing.metadata);
  }
  if (skipStatus) {
    if (existing?.status !== undefined) result.status = existing.status;
    else delete result.status;
  }
  writeOwnership(result, [...others, { entry, paths: mine }]);
  if (manager === 'kubectl' && !onStatus) keepLastApplied(result, config);
  return result;
}

/**
 * An applied configuration structured-merge-diff cannot type (an element of
 * an associative list without its key, two elements with one key): the API
 * server answers it as an unconverted error, a 500 without reason.
 */
function typedPatchError(
  type: ResourceType,
  applied: KubeObject,
  errors: string[],
): KubeApiError {
  const gvk = `${type.group}/${type.version}, Kind=${type.kind}`;
  const object = `${applied.metadata.namespace ?? ''}/${applied.metadata.name}`;
  const detail =
    errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`;
  return new KubeApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `failed to create typed patch object (${object}; ${gvk}): ${detail}`,
    code: 500,
  });
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function valueAt(obj: unknown, path: Path, node: StrategyNode): unknown {
  let current = obj;
  let n = node;
  for (const element of path) {
    current = childAt(current, element, n);
    if (current === undefined) return undefined;
    n = element.startsWith('f:') ? n.field(element.slice(2)) : n.items();
  }
  return current;
}

/**
 * The fields of the live object's last-applied-configuration annotation
 * (client-side apply) whose values the live object still has.
 */
function lastAppliedFields(
  live: KubeObject,
  strategy: StrategyNode,
): Set<string> {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  let lastApplied: unknown;
  try {
    lastApplied = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return new Set();
  }
  if (!isPlainObject(lastApplied)) return new Set();
  const fields = appliedSet(lastApplied, strategy);
  for (const path of [...fields]) {
    const parts = path.split(SEP);
    if (
      canonicalJson(valueAt(lastApplied, parts, strategy)) !==
      canonicalJson(valueAt(live, parts, strategy))
    ) {
      fields.delete(path);
    }
  }
  return fields;
}

/**
 * kubectl's server-side apply keeps an existing last-applied-configuration
 * annotation in step with what it applied, so a later client-side apply
 * computes its patch from it.
 */
function keepLastApplied(result: KubeObject, config: KubeObject) {
  const annotations = result.metadata.annotations;
  if (!annotations || annotations[LAST_APPLIED] === undefined) return;
  const applied = structuredClone(config);
  const own = { ...(applied.metadata.annotations ?? {}) };
  delete own[LAST_APPLIED];
  if (Object.keys(own).length > 0) applied.metadata.annotations = own;
  else delete applied.metadata.annotations;
  annotations[LAST_APPLIED] = JSON.stringify(applied);
}

/**
 * Records an update (create, replace, patch) by `manager`: it takes over the
 * fields it added or changed, and fields it removed leave every set.
 */
export function recordUpdate(opts: {
  strategy: StrategyNode;
  existing: KubeObject | undefined;
  updated: KubeObject;
  manager: string;
  subresource?: string;
}): KubeObject {
  const { strategy, existing, updated, manager } = opts;
  const result = structuredClone(updated);
  // managedFields a client sends are taken as they are (kubectl moves
  // client-side apply ownership to server-side apply so); `[{}]` clears them;
  // without any, the stored ones are kept
  const given = updated.metadata.managedFields;
  if (
    Array.isArray(given) &&
    given.length === 1 &&
    isPlainObject(given[0]) &&
    Object.keys(given[0]).length === 0
  ) {
    delete result.metadata.managedFields;
    return result;
  }
  const changed = changedSet(existing ?? {}, updated, strategy);
  const owners = ownershipOf(
    Array.isArray(given) && given.length > 0 ? updated : existing,
  );
  const present = presentSet(updated, strategy);
  for (const owner of owners) {
    for (const key of [...owner.paths]) {
      if (!present.has(key)) owner.paths.delete(key);
    }
  }
  const isMine = (o: Ownership) =>
    o.entry.manager === manager &&
    o.entry.operation === 'Update' &&
    (o.entry.subresource ?? '') === (opts.subresource ?? '');
  if (changed.size > 0) {
    for (const owner of owners) {
      if (isMine(owner)) continue;
      for (const key of changed) owner.paths.delete(key);
    }
    let mine = owners.find(isMine);
    if (!mine) {
      mine = {
        entry: {
          manager,
          operation: 'Update',
          apiVersion: updated.apiVersion,
          time: kubeTimestamp(),
          fieldsType: 'FieldsV1',
          fieldsV1: {},
          ...(opts.subresource ? { subresource: opts.subresource } : {}),
        },
        paths: new Set(),
      };
      owners.push(mine);
    }
    mine.entry.time = kubeTimestamp();
    mine.entry.apiVersion = updated.apiVersion;
    for (const key of changed) mine.paths.add(key);
  }
  writeOwnership(result, owners);
  return result;
}

/**
 * Whether a write leaves the object as it is stored (managedFields times
 * aside): the API server then stores nothing and answers the stored object,
 * with the same resourceVersion and generation.
 */
export function isNoOp(existing: KubeObject, updated: KubeObject): boolean {
  const comparable = (obj: KubeObject) => {
    const copy = structuredClone(obj);
    // the server keeps generation itself, whatever a client sends
    delete copy.metadata.generation;
    const entries = copy.metadata.managedFields as
      | ManagedFieldsEntry[]
      | undefined;
    if (entries) {
      copy.metadata.managedFields = entries.map(
        ({ time: _t, ...rest }) => rest,
      );
    }
    return canonicalJson(copy);
  };
  return comparable(existing) === comparable(updated);
}
