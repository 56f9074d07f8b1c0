import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { InputError } from '@backstage/errors';
import YAML from 'yaml';

/**
 * Parses YAML, refusing what YAML.parse only warns about (unresolved tags
 * such as `!!js/function`) instead of letting it through as a string.
 */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text);
  const [problem] = [...doc.errors, ...doc.warnings];
  if (problem) throw problem;
  return doc.toJS();
}

/**
 * Parses add-on configuration values written as JSON or YAML into an object.
 * Throws an InputError naming the field when it is neither or not a mapping.
 *
 * @public
 */
export function parseConfigurationValues(
  field: string,
  text: string,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = text.trim().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(
      `${field} must be JSON or YAML: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(
      `${field} must be a JSON or YAML object (a mapping of keys)`,
    );
  }
  return parsed as Record<string, unknown>;
}

function describeError(field: string, error: ErrorObject): string {
  const path = `${field}${error.instancePath
    .split('/')
    .filter(Boolean)
    .map(p => `.${p}`)
    .join('')}`;
  const parent = error.parentSchema as
    | { properties?: Record<string, unknown> }
    | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string })
        .additionalProperty;
      const allowed = Object.keys(parent?.properties ?? {}).sort();
      return `${path}.${key} is not a setting of this add-on; allowed keys${
        path === field ? '' : ` under ${path}`
      }: ${allowed.length ? allowed.join(', ') : '(none)'}`;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] })
        .allowedValues;
      return `${path} must be one of ${allowed
        .map(v => JSON.stringify(v))
        .join(', ')}`;
    }
    case 'required':
      return `${path}.${
        (error.params as { missingProperty: string }).missingProperty
      } is required`;
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Validates configuration values against the JSON Schema that
 * DescribeAddonConfiguration returns. Throws an InputError that names each
 * bad key and, for unknown keys, the allowed ones.
 *
 * @public
 */
export function validateConfigurationValues(
  field: string,
  values: Record<string, unknown>,
  schemaText: string | undefined,
): void {
  if (!schemaText) {
    if (Object.keys(values).length > 0) {
      throw new InputError(
        `${field} must be empty: this add-on version accepts no configuration`,
      );
    }
    return;
  }
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(values)) return;
  const problems = [
    ...new Set((validate.errors ?? []).map(e => describeError(field, e))),
  ];
  throw new InputError(problems.join('; '));
}
