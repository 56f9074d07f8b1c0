import type { StrategyNode } from './listStrategies.ts';
import { isPlainObject } from './patches.ts';
import { badRequest, KubeApiError, type StatusCause } from './status.ts';

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as the
 * API server applies it (k8s.io/apimachinery/pkg/util/strategicpatch):
 * maps merge; lists whose field has the `merge` patch strategy merge by their
 * patch merge key (lists of maps) or as sets (lists of scalars), other lists
 * are replaced; `null` deletes; and the directives `$patch`
 * (replace/delete, in maps and list elements), `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are
 * applied and never stored.
 */
export function strategicMergePatch(
  original: unknown,
  patch: unknown,
  node: StrategyNode,
): Record<string, unknown> {
  if (!isPlainObject(patch)) {
    let kind: string = typeof patch;
    if (Array.isArray(patch)) kind = 'array';
    else if (patch === null) kind = 'null';
    throw badRequest(
      `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  return mergeMap(
    isPlainObject(original) ? structuredClone(original) : undefined,
    structuredClone(patch),
    node,
  );
}

type JsonMap = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/** A value as Go's `%v` prints decoded JSON (`map[k:v]`, `[a b]`). */
function format(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(format).join(' ')}]`;
  if (isPlainObject(value)) {
    return `map[${Object.keys(value)
      .sort()
      .map(k => `${k}:${format(value[k])}`)
      .join(' ')}]`;
  }
  return String(value);
}

/** The Go kind of a decoded JSON value, as the patch library names it. */
function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (isPlainObject(value)) return 'map';
  if (typeof value === 'number') return 'float64';
  return typeof value;
}

/**
 * An error of the patch library the API server does not turn into a Status
 * of its own: a 500 without reason, with the library's message.
 */
function patchFailure(message: string): KubeApiError {
  return new KubeApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code: 500,
  });
}

/**
 * A value taken from the patch as it is: maps carrying `$patch` are dropped
 * (as the API server does) and other `$` keys, which no type has, are not
 * kept either.
 */
function withoutDirectives(value: unknown): { keep: boolean; value: unknown } {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const cleaned = withoutDirectives(item);
      if (cleaned.keep) items.push(cleaned.value);
    }
    return { keep: true, value: items };
  }
  if (isPlainObject(value)) {
    if (DIRECTIVE in value) return { keep: false, value: undefined };
    const result: JsonMap = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || v === null) continue;
      const cleaned = withoutDirectives(v);
      if (cleaned.keep) result[k] = cleaned.value;
    }
    return { keep: true, value: result };
  }
  return { keep: true, value };
}

function setFromPatch(target: JsonMap, key: string, value: unknown) {
  const cleaned = withoutDirectives(value);
  if (cleaned.keep) target[key] = cleaned.value;
  else delete target[key];
}

function mergeMap(
  original: JsonMap | undefined,
  patch: JsonMap,
  node: StrategyNode,
): JsonMap {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return withoutDirectives(patch).value as JsonMap;
    }
    if (directive === 'delete') return {};
    throw patchFailure(
      `unknown patch type: ${String(directive)} in map: ${format(patch)}`,
    );
  }
  const result: JsonMap = original ?? {};

  if (RETAIN_KEYS in patch) {
    const retain = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) {
      throw badRequest('invalid patch format of retainKeys');
    }
    const kept = new Set(retain);
    for (const [k, v] of Object.entries(patch)) {
      if (
        v === null ||
        k.startsWith(DELETE_FROM_PRIMITIVE_LIST) ||
        k.startsWith(SET_ELEMENT_ORDER)
      ) {
        continue;
      }
      if (!kept.has(k)) {
        throw badRequest('invalid patch format of retainKeys');
      }
    }
    for (const k of Object.keys(result)) {
      if (!kept.has(k)) delete result[k];
    }
  }

  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    const field = key.slice(SET_ELEMENT_ORDER.length);
    if (!Array.isArray(order)) {
      throw badRequest('invalid patch format of setElementOrder list');
    }
    const child = node.field(field);
    const originalList = result[field];
    const patchList = patch[field];
    delete patch[field];
    if (originalList !== undefined && !Array.isArray(originalList)) {
      throw patchFailure(
        `expected a slice, but received a ${goKind(originalList)}`,
      );
    }
    if (patchList !== undefined && !Array.isArray(patchList)) {
      throw patchFailure(
        `expected a slice, but received a ${goKind(patchList)}`,
      );
    }
    const mergeKey = child.list.patchMergeKey;
    let merged: unknown[];
    if (originalList === undefined && patchList === undefined) continue;
    if (patchList === undefined) merged = originalList as unknown[];
    else if (originalList === undefined) {
      merged = withoutDirectives(patchList).value as unknown[];
    } else if (child.list.patchStrategy?.startsWith('merge')) {
      merged = mergeList(originalList, patchList, child, false);
    } else {
      merged = withoutDirectives(patchList).value as unknown[];
    }
    const inOrder = (item: unknown) => indexIn(order, item, mergeKey) >= 0;
    result[field] = normalizeOrder(
      merged.filter(inOrder),
      merged.filter(item => !inOrder(item)),
      order,
      originalList ?? [],
      mergeKey,
    );
  }

  for (const [rawKey, value] of Object.entries(patch)) {
    let key = rawKey;
    let deleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = rawKey.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      deleteList = true;
    } else if (rawKey.startsWith('$')) {
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (current === undefined) {
      if (!deleteList) setFromPatch(result, key, value);
      continue;
    }
    const bothMaps = isPlainObject(current) && isPlainObject(value);
    const bothLists = Array.isArray(current) && Array.isArray(value);
    if (!bothMaps && !bothLists) {
      if (!deleteList) setFromPatch(result, key, value);
      continue;
    }
    const child = node.field(key);
    if (bothMaps) {
      if (child.replace) setFromPatch(result, key, value);
      else result[key] = mergeMap(current as JsonMap, value as JsonMap, child);
      continue;
    }
    if (child.list.patchStrategy?.startsWith('merge')) {
      result[key] = mergeList(
        current as unknown[],
        value as unknown[],
        child,
        deleteList,
      );
    } else {
      // without the merge strategy the patch list replaces the original,
      // even a $deleteFromPrimitiveList one (as the API server has it)
      setFromPatch(result, key, value);
    }
  }
  return result;
}

function keyOf(item: unknown, mergeKey: string | undefined): unknown {
  return mergeKey && isPlainObject(item) ? item[mergeKey] : item;
}

function indexIn(
  list: unknown[],
  item: unknown,
  mergeKey: string | undefined,
): number {
  const wanted = keyOf(item, mergeKey);
  return list.findIndex(candidate => keyOf(candidate, mergeKey) === wanted);
}

/** Merges two lists of a field with the `merge` patch strategy. */
function mergeList(
  original: unknown[],
  patch: unknown[],
  node: StrategyNode,
  deleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const sample = [...original, ...patch][0];
  if (Array.isArray(sample)) {
    // the API server answers this one as a 422
    throw new KubeApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {
        // a cause without a field, as the API server writes this one
        causes: [
          {
            reason: 'UnexpectedServerResponse',
            message: 'lists of lists are not supported',
          } as StatusCause,
        ],
      },
      code: 422,
    });
  }
  if (!isPlainObject(sample)) {
    if (deleteList) {
      const drop = new Set(patch);
      return original.filter(item => !drop.has(item));
    }
    const merged: unknown[] = [];
    for (const item of [...original, ...patch]) {
      if (!merged.includes(item)) merged.push(item);
    }
    const inPatch = (item: unknown) => patch.includes(item);
    return normalizeOrder(
      merged.filter(inPatch),
      merged.filter(item => !inPatch(item)),
      patch,
      original,
      undefined,
    );
  }

  const mergeKey = node.list.patchMergeKey;
  if (!mergeKey) {
    throw patchFailure('cannot merge lists without merge key');
  }
  // special elements: `$patch: delete` and `$patch: replace`
  let merged = original;
  const plain: JsonMap[] = [];
  let replace = false;
  for (const element of patch) {
    if (!isPlainObject(element)) {
      throw patchFailure(`invalid list element: ${format(element)}`);
    }
    if (!(DIRECTIVE in element)) {
      plain.push(element);
      continue;
    }
    const directive = element[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in element)) {
        throw patchFailure(
          `map: ${format(
            element,
          )} does not contain declared merge key: ${mergeKey}`,
        );
      }
      merged = merged.filter(
        item => !isPlainObject(item) || item[mergeKey] !== element[mergeKey],
      );
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchFailure('merging lists cannot yet be specified in the patch');
    } else {
      throw patchFailure(
        `unknown patch type: ${String(directive)} in map: ${format(element)}`,
      );
    }
  }
  if (replace) return withoutDirectives(plain).value as unknown[];

  const items = node.items();
  merged = [...merged];
  for (const element of plain) {
    if (!(mergeKey in element)) {
      throw patchFailure(
        `map: ${format(
          element,
        )} does not contain declared merge key: ${mergeKey}`,
      );
    }
    const at = merged.findIndex(
      item => isPlainObject(item) && item[mergeKey] === element[mergeKey],
    );
    if (at >= 0) {
      merged[at] = mergeMap(merged[at] as JsonMap, element, items);
    } else {
      merged.push(mergeMap(undefined, element, items));
    }
  }
  const inPatch = (item: unknown) => indexIn(plain, item, mergeKey) >= 0;
  return normalizeOrder(
    merged.filter(inPatch),
    merged.filter(item => !inPatch(item)),
    plain,
    original,
    mergeKey,
  );
}

/** Sorts `items` by their place in `order` (Go's stable insertion sort). */
function sortByOrder(
  items: unknown[],
  order: unknown[],
  mergeKey: string | undefined,
): unknown[] {
  const sorted = [...items];
  // The API server's comparison: an item is "less" unless both are in
  // `order` and it comes after; insertion sort keeps this deterministic.
  const less = (a: unknown, b: unknown) => {
    const ia = indexIn(order, a, mergeKey);
    const ib = indexIn(order, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i; j > 0 && less(sorted[j], sorted[j - 1]); j--) {
      [sorted[j - 1], sorted[j]] = [sorted[j], sorted[j - 1]];
    }
  }
  return sorted;
}

/**
 * The order of a merged list: patch items in the patch's order, server-only
 * items in the live order, interleaved by their place in the live list.
 */
function normalizeOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string | undefined,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++]);
    else if (j >= right.length) result.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++]);
      else result.push(right[j++]);
    }
  }
  return result;
}
