import { badRequest } from './status.ts';
import type { KubeObject } from './types.ts';

/** One requirement of a label selector. */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'notexists' }
  | { key: string; operator: 'in' | 'notin'; values: string[] };

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

function checkKey(key: string, term: string): string {
  if (!LABEL_KEY.test(key) || key.length > 317) {
    throw badRequest(
      `unable to parse requirement: invalid label key "${key}" in "${term}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return key;
}

function checkValue(value: string, term: string): string {
  if (!LABEL_VALUE.test(value) || value.length > 63) {
    throw badRequest(
      `unable to parse requirement: invalid label value "${value}" in "${term}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}

/**
 * Parses a label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, comma-separated).
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTerms(selector).map(term => {
    const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (setMatch) {
      const values = setMatch[3]
        .split(',')
        .map(v => checkValue(v.trim(), term));
      return {
        key: checkKey(setMatch[1], term),
        operator: setMatch[2] as 'in' | 'notin',
        values,
      };
    }
    const eqMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (eqMatch) {
      const value = checkValue(eqMatch[3], term);
      return {
        key: checkKey(eqMatch[1], term),
        operator: eqMatch[2] === '!=' ? 'notin' : 'in',
        values: [value],
      };
    }
    if (term.startsWith('!')) {
      return {
        key: checkKey(term.slice(1).trim(), term),
        operator: 'notexists',
      };
    }
    if (/^\S+$/.test(term)) {
      return { key: checkKey(term, term), operator: 'exists' };
    }
    throw badRequest(
      `unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, !, or a label key`,
    );
  });
}

/** Whether labels satisfy all requirements. */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const have = labels ?? {};
  return requirements.every(r => {
    const present = Object.prototype.hasOwnProperty.call(have, r.key);
    switch (r.operator) {
      case 'exists':
        return present;
      case 'notexists':
        return !present;
      case 'in':
        return present && r.values.includes(have[r.key]);
      case 'notin':
        return !present || !r.values.includes(have[r.key]);
      default:
        return false;
    }
  });
}

/** A `metav1.LabelSelector` (matchLabels + matchExpressions). */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

/** Requirements of a structured label selector. */
export function requirementsOf(spec: LabelSelectorSpec): LabelRequirement[] {
  const fromLabels: LabelRequirement[] = Object.entries(
    spec.matchLabels ?? {},
  ).map(([key, value]) => ({ key, operator: 'in', values: [value] }));
  const fromExpressions: LabelRequirement[] = (spec.matchExpressions ?? []).map(
    e => {
      switch (e.operator) {
        case 'Exists':
          return { key: e.key, operator: 'exists' };
        case 'DoesNotExist':
          return { key: e.key, operator: 'notexists' };
        case 'NotIn':
          return { key: e.key, operator: 'notin', values: e.values ?? [] };
        default:
          return { key: e.key, operator: 'in', values: e.values ?? [] };
      }
    },
  );
  return [...fromLabels, ...fromExpressions];
}

/** One requirement of a field selector. */
export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Parses a field selector against the fields the resource supports. */
export function parseFieldSelector(
  selector: string,
  extraFields: string[],
): FieldRequirement[] {
  const supported = [...COMMON_FIELDS, ...extraFields];
  return splitTerms(selector).map(term => {
    const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!match) {
      throw badRequest(
        `invalid selector: '${term}'; can't understand '${term}'`,
      );
    }
    const field = match[1].trim();
    if (!supported.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, equal: match[2] !== '!=', value: match[3].trim() };
  });
}

/** Field selector names that read another path (Event `source`). */
const FIELD_PATHS: Record<string, string> = { source: 'source.component' };

function fieldValue(obj: KubeObject, field: string): string {
  let current: unknown = obj;
  for (const part of (FIELD_PATHS[field] ?? field).split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  return current === undefined || current === null ? '' : String(current);
}

/** Whether an object satisfies all field requirements. */
export function matchesFields(
  requirements: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return requirements.every(
    r => (fieldValue(obj, r.field) === r.value) === r.equal,
  );
}
