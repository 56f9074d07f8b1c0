import { fieldPath } from './schemas.ts';

/** The fields of a JSON document, as strict decoding sees them. */
export interface ScannedFields {
  /** Fields named twice in one object (e.g. `spec.replicas`). */
  duplicates: string[];
  /** Every field path, in the order the document names them first. */
  order: Map<string, number>;
}

/**
 * Scans a JSON document for the fields it names twice in one object, which
 * JSON.parse silently resolves to the last one and the apiserver's strict
 * decoding reports (in document order, with unknown fields). Undefined when
 * the text is not JSON (e.g. a YAML apply body).
 */
export function scanFields(text: string): ScannedFields | undefined {
  const duplicates: string[] = [];
  const order = new Map<string, number>();
  let at = 0;
  const space = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const fail = (): never => {
    throw new SyntaxError(`unexpected input at ${at}`);
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      at += text[at] === '\\' ? 2 : 1;
    }
    if (text[at] !== '"') fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (path: Array<string | number>): void => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      const seen = new Set<string>();
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        const key = string();
        const field = fieldPath([...path, key]);
        if (seen.has(key)) duplicates.push(field);
        if (!order.has(field)) order.set(field, order.size);
        seen.add(key);
        space();
        if (text[at] !== ':') fail();
        at++;
        value([...path, key]);
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (let i = 0; ; i++) {
        value([...path, i]);
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(
      text.slice(at, at + 64),
    );
    if (!literal) fail();
    at += literal![0].length;
  };
  try {
    value([]);
    space();
    if (at !== text.length) return undefined;
  } catch {
    return undefined;
  }
  return { duplicates, order };
}
