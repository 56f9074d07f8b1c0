import { badRequest, KubeApiError } from './status.ts';

type JsonValue = unknown;

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, for comparing values. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * RFC 7386 JSON merge patch. Strategic merge patches are applied the same
 * way: maps merge, lists are replaced, `null` deletes.
 */
export function mergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue; // strategic-merge directives
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) {
    throw badRequest(`json patch path "${path}" must start with "/"`);
  }
  return path
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `parts` below `doc`; `path` (the whole pointer) names a missing one. */
function walk(doc: unknown, parts: string[], path: string): unknown {
  let current = doc;
  for (const part of parts) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isPlainObject(current)) current = current[part];
    else current = undefined;
    if (current === undefined) {
      throw badRequest(`json patch: path "${path}" does not exist`);
    }
  }
  return current;
}

function parentOf(doc: unknown, parts: string[], path: string): unknown {
  return walk(doc, parts.slice(0, -1), path);
}

function getAt(doc: unknown, path: string): unknown {
  return walk(doc, pointer(path), path);
}

function removeAt(doc: unknown, path: string): unknown {
  const parts = pointer(path);
  const parent = parentOf(doc, parts, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!(index >= 0 && index < parent.length)) {
      throw badRequest(`json patch: path "${path}" does not exist`);
    }
    return parent.splice(index, 1)[0];
  }
  if (!isPlainObject(parent) || !(last in parent)) {
    throw badRequest(`json patch: path "${path}" does not exist`);
  }
  const value = parent[last];
  delete parent[last];
  return value;
}

function addAt(doc: unknown, path: string, value: unknown, replace: boolean) {
  const parts = pointer(path);
  if (parts.length === 0) {
    throw badRequest('json patch: the whole document cannot be replaced');
  }
  const parent = parentOf(doc, parts, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!(index >= 0 && index <= parent.length)) {
      throw badRequest(`json patch: index in "${path}" is out of range`);
    }
    parent.splice(index, replace ? 1 : 0, value);
    return;
  }
  if (!isPlainObject(parent)) {
    throw badRequest(`json patch: path "${path}" does not exist`);
  }
  if (replace && !(last in parent)) {
    throw badRequest(`json patch: path "${path}" does not exist`);
  }
  parent[last] = value;
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw badRequest('json patch body must be a JSON array of operations');
  }
  const doc = structuredClone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    if (!isPlainObject(raw) || typeof raw.path !== 'string') {
      throw badRequest('json patch operation needs "op" and "path"');
    }
    switch (raw.op) {
      case 'add':
        addAt(doc, raw.path, structuredClone(raw.value), false);
        break;
      case 'replace':
        addAt(doc, raw.path, structuredClone(raw.value), true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move':
        addAt(doc, raw.path, removeAt(doc, raw.from ?? ''), false);
        break;
      case 'copy':
        addAt(
          doc,
          raw.path,
          structuredClone(getAt(doc, raw.from ?? '')),
          false,
        );
        break;
      case 'test':
        if (canonicalJson(getAt(doc, raw.path)) !== canonicalJson(raw.value)) {
          throw new KubeApiError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `the server rejected our request due to an error in our request: testing value ${raw.path} failed`,
            reason: 'Invalid',
            code: 422,
          });
        }
        break;
      default:
        throw badRequest(`json patch: unknown operation "${String(raw.op)}"`);
    }
  }
  return doc;
}
