import { AddonConfigurationSchema } from '@backstage-eks/plugin-eks-common';

/**
 * An add-on's configuration JSON Schema, as DescribeAddonConfiguration
 * returns it. Parsing and validating values against it is eks-common's
 * (`checkAddonConfigurationValues` and friends), the same code the
 * addon:install action runs; this module only holds what the form needs
 * beyond that.
 */
export type ConfigurationSchema = AddonConfigurationSchema;

/** The value the field emits: the configuration as a JSON string, or undefined when empty. */
export function toConfigurationValues(
  value: Record<string, unknown> | undefined,
): string | undefined {
  if (!value || Object.keys(value).length === 0) {
    return undefined;
  }
  return JSON.stringify(value);
}

/** One key of the schema, for the list of available keys. */
export interface ConfigurationField {
  path: string;
  type?: string;
  /** The string format, e.g. `boolean` for vpc-cni's `"true"`/`"false"` strings. */
  format?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

/** A node of a JSON Schema. */
export type SchemaNode = Record<string, unknown>;

const isNode = (value: unknown): value is SchemaNode =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Follows a local `$ref` (`#/definitions/Env`, `#/$defs/tags`): real add-on
 * schemas put their root and most keys behind them. The node's own keys win
 * over the target's. Each ref followed is added to `seen`, and a ref already
 * there is not followed again (a schema may refer to itself).
 */
export function resolveRef(
  root: SchemaNode,
  node: SchemaNode,
  seen = new Set<string>(),
): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || seen.has(ref)) {
    return node;
  }
  let target: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const segment = decodeURIComponent(raw)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    target = isNode(target) ? target[segment] : undefined;
  }
  if (!isNode(target)) {
    return node;
  }
  seen.add(ref);
  const { $ref: _ref, ...own } = node;
  return { ...resolveRef(root, target, seen), ...own };
}

function schemaType(root: SchemaNode, raw: SchemaNode): string | undefined {
  const node = resolveRef(root, raw);
  if (Array.isArray(node.type)) {
    return node.type.join(' | ');
  }
  if (typeof node.type === 'string') {
    return node.type;
  }
  const alternatives = (node.anyOf ?? node.oneOf) as SchemaNode[] | undefined;
  if (Array.isArray(alternatives)) {
    const types = alternatives
      .map(alternative => schemaType(root, alternative))
      .filter((t): t is string => !!t);
    return types.length ? [...new Set(types)].join(' | ') : undefined;
  }
  return undefined;
}

/**
 * The keys the schema declares, nested keys as dotted paths (depth-limited),
 * so that a person can see which settings exist at all. `$ref`s are followed.
 */
export function listConfigurationFields(
  schema: ConfigurationSchema,
  maxDepth = 4,
): ConfigurationField[] {
  const fields: ConfigurationField[] = [];
  const visit = (raw: SchemaNode, prefix: string, depth: number) => {
    const node = resolveRef(schema, raw);
    const properties = node.properties as
      | Record<string, SchemaNode>
      | undefined;
    if (!properties || depth > maxDepth) {
      return;
    }
    for (const [key, rawChild] of Object.entries(properties)) {
      const child = resolveRef(schema, rawChild);
      const path = prefix ? `${prefix}.${key}` : key;
      fields.push({
        path,
        type: schemaType(schema, child),
        format: typeof child.format === 'string' ? child.format : undefined,
        description: child.description as string | undefined,
        enum: child.enum as unknown[] | undefined,
        default: child.default,
      });
      visit(child, path, depth + 1);
    }
  };
  visit(schema, '', 1);
  return fields;
}
