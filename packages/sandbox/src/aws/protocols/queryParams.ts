/** A parsed AWS query request: flat keys unflattened into objects and lists. */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryParams = { [key: string]: QueryValue };

function isIndex(segment: string) {
  return /^[0-9]+$/.test(segment);
}

function normalise(value: QueryValue): QueryValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every(isIndex)) {
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map(k => normalise(value[k]));
  }
  // `member` / `entry` wrappers (IAM, ELBv2, STS) collapse into the list itself.
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry')) {
    const inner = normalise(value[keys[0]]);
    return Array.isArray(inner) ? inner : [inner];
  }
  const out: { [key: string]: QueryValue } = {};
  for (const k of keys) out[k] = normalise(value[k]);
  return out;
}

/**
 * Parses `Tags.member.1.Key=a&Filter.1.Value.1=b` style parameters into
 * `{ Tags: [{ Key: 'a' }], Filter: [{ Value: ['b'] }] }`.
 */
export function parseQueryParams(body: string): QueryParams {
  const root: { [key: string]: QueryValue } = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split('.');
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node[path[i]];
      if (next === undefined || typeof next === 'string') {
        node[path[i]] = {};
      }
      node = node[path[i]] as { [key: string]: QueryValue };
    }
    node[path[path.length - 1]] = value;
  }
  return normalise(root) as QueryParams;
}

/** Reads a string parameter. */
export function str(params: QueryParams, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a list parameter (a single value becomes a one-item list). */
export function list(
  params: QueryParams | undefined,
  key: string,
): QueryValue[] {
  const v = params?.[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Reads a list of strings. */
export function strList(
  params: QueryParams | undefined,
  key: string,
): string[] {
  return list(params, key).filter((v): v is string => typeof v === 'string');
}

/** Reads a list of objects. */
export function objList(
  params: QueryParams | undefined,
  key: string,
): QueryParams[] {
  return list(params, key).filter(
    (v): v is QueryParams => typeof v === 'object' && !Array.isArray(v),
  );
}

/** Reads a nested object parameter. */
export function obj(
  params: QueryParams | undefined,
  key: string,
): QueryParams | undefined {
  const v = params?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Tags given as `Tags.member.N.Key/Value` or `Tag.N.Key/Value`. */
export function tagsOf(
  params: QueryParams | undefined,
  key: string,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of objList(params, key)) {
    const k = str(t, 'Key');
    if (k !== undefined) tags[k] = str(t, 'Value') ?? '';
  }
  return tags;
}
