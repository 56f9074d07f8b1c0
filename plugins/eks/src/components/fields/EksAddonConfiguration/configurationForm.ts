import { RJSFSchema, UiSchema } from '@rjsf/utils';
import {
  ConfigurationSchema,
  resolveRef,
} from '../../../lib/addonConfiguration';

type Node = Record<string, unknown>;

/** The add-on's schema made ready for the form, with the uiSchema that goes with it. */
export interface ConfigurationForm {
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

const isNode = (value: unknown): value is Node =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The node's type, ignoring `null` in a type list (`["object", "null"]` is an object). */
function typeOf(node: Node): string | undefined {
  if (typeof node.type === 'string') {
    return node.type;
  }
  if (Array.isArray(node.type)) {
    return node.type.find(t => t !== 'null') as string | undefined;
  }
  if (isNode(node.properties)) {
    return 'object';
  }
  return undefined;
}

function hasDeclaredKeys(node: Node): boolean {
  return isNode(node.properties) && Object.keys(node.properties).length > 0;
}

/**
 * Which keys are collapsed under "Advanced". The rule: a key whose value is
 * a free-form structure — a list (tolerations, topologySpreadConstraints,
 * env entries), a map with no declared keys (nodeSelector, podAnnotations,
 * extraVolumeTags) or an object the schema says nothing about (affinity,
 * sidecars) — is advanced, unless the schema requires it or gives it a
 * default. These are the Kubernetes placement and plumbing settings of an
 * add-on's pods, written as YAML more than typed into a form. Values (
 * replicaCount, enabled flags, enums, strings) and objects with declared
 * keys (resources, autoScaling, env of vpc-cni, controller) stay in view:
 * they are what most people set.
 */
export function isAdvancedKey(node: Node, required: boolean): boolean {
  if (required || node.default !== undefined) {
    return false;
  }
  const type = typeOf(node);
  if (type === 'array') {
    return true;
  }
  if (type === 'object' || (type === undefined && !node.anyOf && !node.oneOf)) {
    return !hasDeclaredKeys(node);
  }
  return false;
}

/** "tolerations" → "toleration", "policies" → "policy"; else "<label> entry". */
export function itemName(label: string): string {
  if (/[^aeiou]ies$/i.test(label)) {
    return `${label.slice(0, -3)}y`;
  }
  if (/[^su]s$/i.test(label)) {
    return label.slice(0, -1);
  }
  return `${label} entry`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'whole number',
  number: 'number',
  boolean: 'yes/no',
  null: 'none',
  array: 'list',
  object: 'settings',
};

/** What an alternative is, judged by itself. */
function describeAlternative(alternative: Node): string | undefined {
  if (alternative.const !== undefined) {
    return JSON.stringify(alternative.const);
  }
  if (Array.isArray(alternative.enum) && alternative.enum.length === 1) {
    return JSON.stringify(alternative.enum[0]);
  }
  const type = typeOf(alternative);
  if (type === 'string') {
    const pattern =
      typeof alternative.pattern === 'string' ? alternative.pattern : '';
    if (/%\$?$/.test(pattern)) {
      return 'percentage, e.g. "25%"';
    }
    if (typeof alternative.format === 'string') {
      return `text (${alternative.format})`;
    }
    if (Array.isArray(alternative.enum)) {
      return `one of ${alternative.enum
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    }
    return 'text';
  }
  if (type === 'object' && hasDeclaredKeys(alternative)) {
    return `settings: ${Object.keys(alternative.properties as Node).join(
      ', ',
    )}`;
  }
  return type ? TYPE_WORDS[type] ?? type : undefined;
}

/**
 * Names for the choices of a oneOf/anyOf, instead of rjsf's "Option 1": the
 * choice's title; else its constant; else the keys it requires that the
 * others do not ("with configMap"); else what its type is ("whole number",
 * 'percentage, e.g. "25%"'). Names that would be the same get a number.
 */
export function alternativeNames(alternatives: Node[]): string[] {
  const requiredOf = (alternative: Node) =>
    Array.isArray(alternative.required)
      ? (alternative.required as string[])
      : [];
  const names = alternatives.map((alternative, index) => {
    if (typeof alternative.title === 'string' && alternative.title) {
      return alternative.title;
    }
    const described = describeAlternative(alternative);
    if (described && !/^settings/.test(described)) {
      return described;
    }
    const own = requiredOf(alternative).filter(
      key =>
        !alternatives.every(
          (other, i) => i === index || requiredOf(other).includes(key),
        ),
    );
    if (own.length > 0) {
      return `with ${own.join(', ')}`;
    }
    return described ?? `choice ${index + 1}`;
  });
  return names.map((name, index) =>
    names.indexOf(name) !== names.lastIndexOf(name)
      ? `${name} (${index + 1})`
      : name,
  );
}

function formatDefault(value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const MAX_DEPTH = 16;

type Prepared = { schema: Node; uiSchema: UiSchema };

/** Prepares one sub-schema (followed from the root's `$ref`s) one level deeper. */
type Visit = (
  raw: Node,
  label: string | undefined,
  depth: number,
  seen: Set<string>,
) => Prepared;

/**
 * One node being prepared: its label, depth and the `$ref`s followed on the
 * way, with the schema (`out`) and uiSchema (`ui`) being written.
 */
interface Step {
  visit: Visit;
  node: Node;
  label: string | undefined;
  depth: number;
  seen: Set<string>;
  out: Node;
  ui: UiSchema;
}

/** A help line with the default, and the default as the input's placeholder. */
function defaultHints(node: Node, ui: UiSchema): void {
  if (node.default !== undefined && typeOf(node) !== 'object') {
    ui['ui:help'] = `Default: ${formatDefault(node.default)}`;
    if (['string', 'integer', 'number'].includes(typeOf(node) ?? '')) {
      ui['ui:placeholder'] = formatDefault(node.default);
    }
  }
}

function prepareProperties(step: Step): void {
  const { visit, node, depth, seen, out, ui } = step;
  if (!isNode(node.properties)) {
    return;
  }
  const required = Array.isArray(node.required)
    ? (node.required as string[])
    : [];
  const properties: Node = {};
  for (const [key, child] of Object.entries(node.properties)) {
    if (!isNode(child)) {
      properties[key] = child;
      continue;
    }
    const prepared = visit(child, key, depth + 1, seen);
    properties[key] = prepared.schema;
    if (isAdvancedKey(prepared.schema, required.includes(key))) {
      prepared.uiSchema['ui:options'] = {
        ...(prepared.uiSchema['ui:options'] as object),
        advanced: true,
      };
    }
    ui[key] = prepared.uiSchema;
  }
  out.properties = properties;
}

function prepareItems(step: Step): void {
  const { visit, node, label, depth, seen, out, ui } = step;
  if (!isNode(node.items)) {
    return;
  }
  const itemLabel = itemName(
    (typeof node.title === 'string' && node.title) || label || 'entry',
  );
  const prepared = visit(node.items, itemLabel, depth + 1, seen);
  out.items = {
    ...prepared.schema,
    title:
      typeof prepared.schema.title === 'string' && prepared.schema.title
        ? prepared.schema.title
        : itemLabel,
  };
  ui.items = prepared.uiSchema;
}

function prepareAlternatives(step: Step): void {
  const { visit, node, label, depth, seen, out, ui } = step;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const alternatives = node[keyword];
    if (Array.isArray(alternatives) && alternatives.every(isNode)) {
      const prepared = alternatives.map(alternative =>
        visit(alternative, label, depth + 1, seen),
      );
      const names = alternativeNames(prepared.map(p => p.schema));
      out[keyword] = prepared.map((p, index) => ({
        ...p.schema,
        title: names[index],
      }));
      // rjsf labels the chosen alternative's input with the choice's
      // ui:title, and the choices too: "cpu (text)", "cpu (whole number)"
      ui[keyword] = prepared.map((p, index) => ({
        ...p.uiSchema,
        'ui:title': label ? `${label} (${names[index]})` : names[index],
      }));
    }
  }
}

/** The node with its `$ref` followed and the titles that are not labels dropped. */
function ownNode(
  root: Node,
  raw: Node,
  depth: number,
  seen: Set<string>,
): { node: Node; out: Node } {
  const node = depth > MAX_DEPTH ? raw : resolveRef(root, raw, seen);
  const out: Node = { ...node };
  // A referenced definition's title names its type ("Limits" for both
  // limits and requests), not the key: only a title on the key is a label.
  if (node !== raw && raw.title === undefined) {
    delete out.title;
  }
  if (depth === 0) {
    // the field says which add-on and version; the root's own name is noise
    delete out.title;
    delete out.description;
  }
  return { node, out };
}

/**
 * The schema with its local `$ref`s followed (a loop is left as a `$ref`),
 * a title on every oneOf/anyOf choice and on the items of every list, and
 * the uiSchema: a help line with each key's default and the default as the
 * input's placeholder, and `advanced: true` in the ui:options of the keys
 * that {@link isAdvancedKey} collapses.
 */
export function configurationForm(
  schema: ConfigurationSchema,
): ConfigurationForm {
  const { $schema: _dialect, $id: _id, ...root } = schema as unknown as Node;

  const visit: Visit = (raw, label, depth, seen) => {
    const nodeSeen = new Set(seen);
    const { node, out } = ownNode(root, raw, depth, nodeSeen);
    const ui: UiSchema = {};
    if (depth > MAX_DEPTH) {
      return { schema: out, uiSchema: ui };
    }
    defaultHints(node, ui);
    const step: Step = { visit, node, label, depth, seen: nodeSeen, out, ui };
    prepareProperties(step);
    prepareItems(step);
    if (isNode(node.additionalProperties)) {
      out.additionalProperties = visit(
        node.additionalProperties,
        label,
        depth + 1,
        nodeSeen,
      ).schema;
    }
    prepareAlternatives(step);
    return { schema: out, uiSchema: ui };
  };

  const prepared = visit(root, undefined, 0, new Set());
  return {
    schema: prepared.schema as RJSFSchema,
    uiSchema: prepared.uiSchema,
  };
}
