/**
 * Key-sorted JSON: the one implementation of "the same JSON whatever the
 * order of object keys" in the plugins (the sandbox keeps its own copy, as
 * it stands for AWS and shares no code with the product).
 */

/**
 * A JSON text of the value with the keys of every object sorted (array
 * order counts; properties that are undefined are left out, as JSON leaves
 * them). `arrays`, when given, rewrites each array after its items, for
 * rules that treat some arrays alike (see `canonicalPolicy`).
 */
export function sortedJson(
  value: unknown,
  arrays?: (items: unknown[]) => unknown,
): string {
  return JSON.stringify(sortKeys(value, arrays));
}

/**
 * Whether two JSON values are the same, whatever the order of their object
 * keys (array order counts; properties that are undefined are left out, as
 * JSON leaves them). Compares what AWS or Helm holds with what a step wants.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return sortedJson(a) === sortedJson(b);
}

function sortKeys(
  value: unknown,
  arrays?: (items: unknown[]) => unknown,
): unknown {
  if (Array.isArray(value)) {
    const items = value.map(item => sortKeys(item, arrays));
    return arrays ? arrays(items) : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v, arrays)]),
    );
  }
  return value;
}
