import { fieldPath } from './schemas.ts';

/**
 * The paths of the fields a JSON document names twice in one object (e.g.
 * `spec.replicas`), which JSON.parse silently resolves to the last one and
 * the apiserver's strict decoding reports. Undefined when the text is not
 * JSON (e.g. a YAML apply body).
 */
export function duplicateFields(text: string): string[] | undefined {
  const duplicates: string[] = [];
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
        if (seen.has(key)) duplicates.push(fieldPath([...path, key]));
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
  return duplicates;
}
