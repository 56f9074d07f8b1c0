/** The structure of a JSON value: keys and JSON types, values ignored. */
export type Shape = string | Shape[] | { [key: string]: Shape };

/** Fields whose keys are data (string maps), not structure. */
const MAP_FIELDS = new Set(['tags', 'labels', 'additionalInfo']);

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const out: { [key: string]: Shape } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = MAP_FIELDS.has(key) ? 'map' : shapeOf(v);
    }
    return out;
  }
  return typeof value;
}

/**
 * Compares two shapes; empty lists match any list. Returns the paths that differ.
 */
export function shapeDifferences(
  expected: Shape,
  actual: Shape,
  path = '$',
): string[] {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return [
        `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(
          actual,
        )}`,
      ];
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDifferences(expected[0], actual[0], `${path}[0]`);
  }
  if (typeof expected === 'object' || typeof actual === 'object') {
    if (typeof expected !== 'object' || typeof actual !== 'object') {
      return [
        `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(
          actual,
        )}`,
      ];
    }
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    const diffs: string[] = [];
    for (const key of keys) {
      if (!(key in expected))
        diffs.push(`${path}.${key}: not in the AWS response shape`);
      else if (!(key in actual)) diffs.push(`${path}.${key}: missing`);
      else
        diffs.push(
          ...shapeDifferences(expected[key], actual[key], `${path}.${key}`),
        );
    }
    return diffs;
  }
  return expected === actual
    ? []
    : [`${path}: expected ${expected}, got ${actual}`];
}
