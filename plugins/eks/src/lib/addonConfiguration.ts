import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/** An add-on's configuration JSON Schema, as DescribeAddonConfiguration returns it. */
export type ConfigurationSchema = Record<string, unknown>;

/** One reason a configuration value does not fit the add-on's schema. */
export interface ConfigurationProblem {
  /** The key path, e.g. `resources.limits.cpu`; empty for the whole value. */
  path: string;
  message: string;
}

/** Validates a configuration value against the schema it was compiled from. */
export type ConfigurationValidator = (value: unknown) => ConfigurationProblem[];

function keyPath(instancePath: string, key?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (key !== undefined) {
    parts.push(key);
  }
  return parts.join('.');
}

function where(path: string): string {
  return path ? `"${path}"` : 'the top level';
}

function describeError(error: ErrorObject): ConfigurationProblem {
  const path = keyPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key: string = error.params.additionalProperty;
      const properties = (error.parentSchema?.properties ?? {}) as Record<
        string,
        unknown
      >;
      const allowed = Object.keys(properties).sort();
      return {
        path: keyPath(error.instancePath, key),
        message: `Unknown key "${keyPath(error.instancePath, key)}": ${
          allowed.length > 0
            ? `${where(path)} allows only ${allowed.join(', ')}`
            : `${where(path)} allows no keys`
        }`,
      };
    }
    case 'required': {
      const missing = keyPath(error.instancePath, error.params.missingProperty);
      return { path: missing, message: `Missing required key "${missing}"` };
    }
    case 'enum':
      return {
        path,
        message: `${where(path)} must be one of ${(
          error.params.allowedValues as unknown[]
        )
          .map(v => JSON.stringify(v))
          .join(', ')} (got ${JSON.stringify(error.data)})`,
      };
    case 'type':
      return {
        path,
        message: `${where(path)} must be of type ${error.params.type} (got ${
          Array.isArray(error.data) ? 'array' : typeof error.data
        })`,
      };
    default:
      return { path, message: `${where(path)} ${error.message}` };
  }
}

/**
 * Compiles an add-on's configuration schema into a validator whose problems
 * name the offending key and, for unknown keys, the keys that are allowed.
 * Throws when the schema itself cannot be compiled.
 */
export function compileConfigurationSchema(
  schema: ConfigurationSchema,
): ConfigurationValidator {
  const { $schema: _dialect, $id: _id, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(body);
  return value => {
    if (
      value === undefined ||
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value)
    ) {
      return [
        {
          path: '',
          message:
            'The configuration must be an object of add-on settings (JSON or YAML)',
        },
      ];
    }
    if (validate(value)) {
      return [];
    }
    const seen = new Set<string>();
    return (validate.errors ?? []).map(describeError).filter(problem => {
      if (seen.has(problem.message)) {
        return false;
      }
      seen.add(problem.message);
      return true;
    });
  };
}

/** The text of the raw editor, parsed as YAML (which includes JSON). */
export type ParsedConfiguration =
  | { value: Record<string, unknown> | undefined; error?: undefined }
  | { value?: undefined; error: string };

export function parseConfigurationText(text: string): ParsedConfiguration {
  if (text.trim() === '') {
    return { value: undefined };
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (error) {
    return {
      error: `Not valid YAML or JSON: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      error:
        'The configuration must be an object of add-on settings, e.g. {"replicaCount": 2}',
    };
  }
  return { value: parsed as Record<string, unknown> };
}

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
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

function schemaType(node: Record<string, unknown>): string | undefined {
  if (Array.isArray(node.type)) {
    return node.type.join(' | ');
  }
  if (typeof node.type === 'string') {
    return node.type;
  }
  const alternatives = (node.anyOf ?? node.oneOf) as
    | Record<string, unknown>[]
    | undefined;
  if (Array.isArray(alternatives)) {
    const types = alternatives.map(schemaType).filter((t): t is string => !!t);
    return types.length ? [...new Set(types)].join(' | ') : undefined;
  }
  return undefined;
}

/**
 * The keys the schema declares, nested keys as dotted paths (depth-limited),
 * so that a person can see which settings exist at all.
 */
export function listConfigurationFields(
  schema: ConfigurationSchema,
  maxDepth = 4,
): ConfigurationField[] {
  const fields: ConfigurationField[] = [];
  const visit = (
    node: Record<string, unknown>,
    prefix: string,
    depth: number,
  ) => {
    const properties = node.properties as
      | Record<string, Record<string, unknown>>
      | undefined;
    if (!properties || depth > maxDepth) {
      return;
    }
    for (const [key, child] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const type = schemaType(child);
      fields.push({
        path,
        type,
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
