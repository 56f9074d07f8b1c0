import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RepeatedFlags } from './args';
import { HelmError } from './errors';

/** A chart's values: a YAML/JSON object tree. */
export type Values = Record<string, unknown>;

export function isObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits at `separator` where it is not escaped with a backslash (`a\.b`). */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1] === separator ? separator : ch + text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** How `--set` types a scalar: booleans, null and integers; anything else stays a string. */
function typedValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9][0-9]*)$/.test(raw) && raw.length < 16) return Number(raw);
  return raw;
}

/** Applies one `--set` (or `--set-string`) argument: `a.b=c,d\.e=f`. */
export function applySet(values: Values, argument: string, asString: boolean) {
  for (const assignment of splitUnescaped(argument, ',')) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new HelmError(
        `failed parsing --set data: key "${assignment}" has no value`,
      );
    }
    const path = splitUnescaped(assignment.slice(0, eq), '.');
    const raw = assignment.slice(eq + 1);
    let node = values;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (isObject(next)) {
        node = next;
      } else {
        const created: Values = {};
        node[key] = created;
        node = created;
      }
    }
    node[path[path.length - 1]] = asString ? raw : typedValue(raw);
  }
}

/** Merges `source` into `target` (objects recursively, everything else replaced). */
export function deepMerge(target: Values, source: unknown): Values {
  if (!isObject(source)) return target;
  for (const [key, value] of Object.entries(source)) {
    if (isObject(value)) {
      const current = target[key];
      target[key] = deepMerge(isObject(current) ? current : {}, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** The user-supplied values: `--values` files in order, then `--set`, then `--set-string`. */
export function collectValues(multi: RepeatedFlags): Values {
  const values: Values = {};
  for (const file of multi['--values']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new HelmError(`open ${file}: no such file or directory`);
    }
    deepMerge(values, parse(text));
  }
  for (const argument of multi['--set']) applySet(values, argument, false);
  for (const argument of multi['--set-string']) {
    applySet(values, argument, true);
  }
  return values;
}

/** Keys in sorted order at every level, as Go prints maps (helm's JSON and YAML). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map(key => [key, sortKeys(value[key])]),
  );
}

/** The value at a dotted path, or `fallback` when a step is missing. */
export function valueAt(values: unknown, path: string, fallback?: unknown) {
  let node = values;
  for (const key of path.split('.')) {
    if (!isObject(node) || !(key in node)) return fallback;
    node = node[key];
  }
  return node;
}
