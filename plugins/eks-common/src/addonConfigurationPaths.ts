/** Key paths (`env.WARM_IP_TARGET`, `tolerations[0].effect`) and value descriptions in problems. */

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

const BARE_KEY = /^[A-Za-z0-9_$-]+$/;

export function appendKey(path: string, key: string): string {
  if (BARE_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

export function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The value at a JSON pointer in the data, to tell array indices from keys. */
export function pathOf(root: unknown, pointer: string): string {
  let path = '';
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      path = appendIndex(path, Number(segment));
    } else {
      path = appendKey(path, segment);
    }
    node =
      node && typeof node === 'object'
        ? (node as Record<string, unknown>)[segment]
        : undefined;
  }
  return path;
}

export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function got(value: unknown): string {
  return `got ${jsonType(value)} ${shown(value)}`;
}
