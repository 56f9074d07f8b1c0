/**
 * The one validator of EKS add-on configuration values, used by the
 * scaffolder form (as the user types and on submit) and by the
 * `aws:eks:addon:install` action (before any AWS write), so that both accept
 * and refuse the same values with the same messages.
 *
 * Rules:
 * - the text is YAML 1.2 (core schema), which includes JSON; one document;
 *   duplicate keys, non-string keys, unresolved tags (`!!js/function`) and
 *   alias bombs are refused; `.inf`/`.nan` are refused (JSON has neither);
 * - empty text (or only comments) means no configuration;
 * - the root must be a mapping;
 * - the value must fit the schema DescribeAddonConfiguration returns, in the
 *   dialect it declares (draft-06, draft-07, 2019-09 or 2020-12), `$ref`
 *   roots included, with every `format` checked: EKS's own string formats
 *   (`boolean`, `integer`) and the standard ones. A schema that uses a format
 *   this validator does not know cannot be compiled (an error, not a warning)
 *   so that no format is silently ignored. Unknown keywords are annotations
 *   (as JSON Schema says, and as EKS treats them).
 *
 * Each problem names the key path (`env.WARM_IP_TARGET`,
 * `tolerations[0].effect`) and the rule.
 */
import Ajv, { ErrorObject, Options, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/** An add-on's configuration JSON Schema, as DescribeAddonConfiguration returns it (parsed). @public */
export type AddonConfigurationSchema = Record<string, unknown>;

/** One reason a configuration value is refused. @public */
export interface AddonConfigurationProblem {
  /** The key path, e.g. `env.WARM_IP_TARGET`; empty for the whole value. */
  path: string;
  /**
   * The rule broken: `syntax`, `mapping`, `finite-number`, `no-schema`, or
   * the JSON Schema keyword (`additionalProperties`, `type`, `format`, ...).
   */
  rule: string;
  /** What is wrong, to follow the key path, e.g. `must be integer (got string "ten")`. */
  message: string;
}

/** Validates parsed configuration values against one compiled schema. @public */
export type AddonConfigurationValidator = (
  values: unknown,
) => AddonConfigurationProblem[];

/** The schema cannot be used to check values (bad JSON, unsupported dialect, unknown format). @public */
export class AddonConfigurationSchemaError extends Error {
  name = 'AddonConfigurationSchemaError';
}

/** A string format that EKS add-on schemas use beyond the standard ones. @public */
export interface AddonConfigurationFormat {
  /** What a valid value looks like, said after "must be". */
  description: string;
  pattern: RegExp;
}

/**
 * The string formats EKS add-on schemas use that are not standard JSON Schema
 * formats: vpc-cni's environment variables are strings read by the add-on as
 * booleans and integers (`"format": "boolean"`, `"format": "integer"` with
 * `"type": "string"`).
 *
 * @public
 */
export const ADDON_CONFIGURATION_FORMATS: Record<
  string,
  AddonConfigurationFormat
> = {
  boolean: {
    description: 'the string "true" or "false"',
    pattern: /^(true|false)$/,
  },
  integer: {
    description: 'a whole number in base 10 written as a string, e.g. "10"',
    pattern: /^-?[0-9]+$/,
  },
};

const MAX_ALIASES = 100;

/** The parsed text: values (undefined when empty) or the problem. @public */
export type ParsedAddonConfiguration =
  | { values: Record<string, unknown> | undefined; problem?: undefined }
  | { values?: undefined; problem: AddonConfigurationProblem };

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

const BARE_KEY = /^[A-Za-z0-9_$-]+$/;

function appendKey(path: string, key: string): string {
  if (BARE_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

function nonFinite(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : path;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], appendIndex(path, i));
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = nonFinite(child, appendKey(path, key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Parses configuration values written as JSON or YAML. Never throws: a text
 * that breaks a rule comes back as the problem.
 *
 * @public
 */
export function parseAddonConfigurationValues(
  text: string,
): ParsedAddonConfiguration {
  if (text.trim() === '') return { values: undefined };
  const syntax = (reason: string): ParsedAddonConfiguration => ({
    problem: {
      path: '',
      rule: 'syntax',
      message: `must be JSON or YAML: ${reason.split('\n')[0]}`,
    },
  });
  let parsed: unknown;
  try {
    const doc = YAML.parseDocument(text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      stringKeys: true,
    });
    const [problem] = [...doc.errors, ...doc.warnings];
    if (problem) return syntax(problem.message);
    parsed = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Not instanceof: errors may come from another realm (test sandboxes).
    const message = (error as { message?: unknown } | undefined)?.message;
    return syntax(typeof message === 'string' ? message : String(error));
  }
  if (parsed === null || parsed === undefined) return { values: undefined };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      problem: {
        path: '',
        rule: 'mapping',
        message: `must be a JSON or YAML object (a mapping of keys), not ${
          Array.isArray(parsed) ? 'a list' : `a ${jsonType(parsed)}`
        }`,
      },
    };
  }
  const infinite = nonFinite(parsed, '');
  if (infinite !== undefined) {
    return {
      problem: {
        path: infinite,
        rule: 'finite-number',
        message: 'must be a finite number (JSON has no .inf or .nan)',
      },
    };
  }
  return { values: parsed as Record<string, unknown> };
}

type Dialect = 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

const DIALECTS: [RegExp, Dialect, string][] = [
  [
    /^https?:\/\/json-schema\.org\/draft-06\/schema#?$/,
    'draft-06',
    'http://json-schema.org/draft-06/schema#',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/,
    'draft-07',
    'http://json-schema.org/draft-07/schema#',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/,
    '2019-09',
    'https://json-schema.org/draft/2019-09/schema',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/,
    '2020-12',
    'https://json-schema.org/draft/2020-12/schema',
  ],
];

const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  // Unknown keywords are annotations (JSON Schema; real EKS schemas carry
  // some); with "log" and no logger they are ignored quietly, while an
  // unknown format still throws at compile time (ajv throws for unknown
  // formats unless strictSchema is false).
  strictSchema: 'log',
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  validateFormats: true,
  logger: false,
};

function createAjv(dialect: Dialect): Ajv {
  let ajv: Ajv;
  if (dialect === '2019-09') {
    ajv = new Ajv2019(AJV_OPTIONS);
  } else if (dialect === '2020-12') {
    ajv = new Ajv2020(AJV_OPTIONS);
  } else {
    ajv = new Ajv(AJV_OPTIONS);
    ajv.addMetaSchema(draft06MetaSchema);
  }
  addFormats(ajv);
  for (const [name, format] of Object.entries(ADDON_CONFIGURATION_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: format.pattern });
  }
  return ajv;
}

function dialectOf(schema: AddonConfigurationSchema): [Dialect, string] {
  const declared = schema.$schema;
  if (declared === undefined) {
    return ['draft-07', 'http://json-schema.org/draft-07/schema#'];
  }
  const found = DIALECTS.find(
    ([pattern]) => typeof declared === 'string' && pattern.test(declared),
  );
  if (!found) {
    throw new AddonConfigurationSchemaError(
      `the configuration schema declares $schema ${JSON.stringify(
        declared,
      )}, which is not supported (supported: draft-06, draft-07, 2019-09, 2020-12)`,
    );
  }
  return [found[1], found[2]];
}

/** The value at a JSON pointer in the data, to tell array indices from keys. */
function pathOf(root: unknown, pointer: string): string {
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

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function got(value: unknown): string {
  return `got ${jsonType(value)} ${shown(value)}`;
}

function describeBranch(branch: unknown): string {
  if (!branch || typeof branch !== 'object') return 'a schema';
  const s = branch as Record<string, unknown>;
  const type = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  let text = typeof type === 'string' ? type : 'a value';
  if (typeof s.pattern === 'string') text += ` matching ${s.pattern}`;
  if (typeof s.format === 'string') text += ` in format "${s.format}"`;
  if (Array.isArray(s.enum)) text += ` in ${shown(s.enum)}`;
  return text;
}

function describeError(
  values: unknown,
  error: ErrorObject,
): AddonConfigurationProblem {
  const path = pathOf(values, error.instancePath);
  const rule = error.keyword;
  const params = error.params as Record<string, any>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (rule) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(
        params.additionalProperty ?? params.unevaluatedProperty,
      );
      const allowed = Object.keys(
        (parent.properties as Record<string, unknown>) ?? {},
      ).sort();
      const patterns = Object.keys(
        (parent.patternProperties as Record<string, unknown>) ?? {},
      );
      const keys = [
        ...allowed,
        ...patterns.map(p => `keys matching /${p}/`),
      ].join(', ');
      return {
        path: appendKey(path, key),
        rule,
        message: `is not a setting of this add-on; ${
          keys
            ? `allowed keys${path ? ' at this level' : ''}: ${keys}`
            : 'no keys are allowed at this level'
        }`,
      };
    }
    case 'required':
      return {
        path: appendKey(path, String(params.missingProperty)),
        rule,
        message: 'is required',
      };
    case 'type':
      return {
        path,
        rule,
        message: `must be ${String(params.type).split(',').join(' or ')} (${got(
          error.data,
        )})`,
      };
    case 'enum':
      return {
        path,
        rule,
        message: `must be one of ${(params.allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ')} (got ${shown(error.data)})`,
      };
    case 'const':
      return {
        path,
        rule,
        message: `must be ${JSON.stringify(params.allowedValue)} (got ${shown(
          error.data,
        )})`,
      };
    case 'format': {
      const format = String(params.format);
      const known = ADDON_CONFIGURATION_FORMATS[format];
      return {
        path,
        rule,
        message: `must be ${
          known ? known.description : `a valid ${format}`
        } (format "${format}"; got ${shown(error.data)})`,
      };
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = (error.schema as unknown[]) ?? [];
      const matching =
        rule === 'oneOf' && params.passingSchemas
          ? ` (it matches ${
              (params.passingSchemas as number[]).length
            } of them)`
          : '';
      return {
        path,
        rule,
        message: `must be ${
          rule === 'oneOf' ? 'exactly ' : ''
        }one of: ${branches
          .map(describeBranch)
          .join('; ')}${matching} (got ${shown(error.data)})`,
      };
    }
    case 'pattern':
      return {
        path,
        rule,
        message: `must match the pattern ${params.pattern} (got ${shown(
          error.data,
        )})`,
      };
    default:
      return { path, rule, message: error.message ?? `breaks "${rule}"` };
  }
}

/**
 * Drops the errors of anyOf/oneOf branches: the anyOf/oneOf error itself
 * says which shapes are allowed.
 */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter(
    e => e.keyword === 'anyOf' || e.keyword === 'oneOf',
  );
  return errors.filter(
    e =>
      !alternatives.some(
        alt =>
          alt !== e &&
          e.schemaPath.startsWith(`${alt.schemaPath}/`) &&
          e.instancePath.startsWith(alt.instancePath),
      ),
  );
}

const compiledSchemas = new Map<string, AddonConfigurationValidator>();
const MAX_COMPILED = 32;

/**
 * Compiles an add-on's configuration schema (the string DescribeAddonConfiguration
 * returns, or it parsed) into a validator. Throws an
 * AddonConfigurationSchemaError when the schema cannot check values: not
 * JSON, an unsupported `$schema`, invalid against its meta-schema, or a
 * `format` that is not known.
 *
 * @public
 */
export function compileAddonConfigurationSchema(
  schema: AddonConfigurationSchema | string,
): AddonConfigurationValidator {
  const key = typeof schema === 'string' ? schema : JSON.stringify(schema);
  const cached = compiledSchemas.get(key);
  if (cached) return cached;
  let parsed: unknown;
  try {
    parsed = typeof schema === 'string' ? JSON.parse(schema) : schema;
  } catch (error) {
    throw new AddonConfigurationSchemaError(
      `the configuration schema is not JSON: ${(error as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AddonConfigurationSchemaError(
      'the configuration schema is not a JSON Schema object',
    );
  }
  const [dialect, canonical] = dialectOf(parsed as AddonConfigurationSchema);
  const ajv = createAjv(dialect);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile({ ...parsed, $schema: canonical });
  } catch (error) {
    const message = (error as Error).message;
    const unknownFormat =
      /^unknown format "(.*)" ignored in schema at path "(.*)"$/.exec(message);
    throw new AddonConfigurationSchemaError(
      unknownFormat
        ? `the configuration schema uses format "${unknownFormat[1]}" (at ${unknownFormat[2]}), which this validator does not know, so values of that key cannot be checked`
        : `the configuration schema cannot be used: ${message}`,
    );
  }
  const validator: AddonConfigurationValidator = values => {
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      return [
        {
          path: '',
          rule: 'mapping',
          message: 'must be a JSON or YAML object (a mapping of keys)',
        },
      ];
    }
    if (validate(values)) return [];
    const seen = new Set<string>();
    return withoutBranchErrors(validate.errors ?? [])
      .map(error => describeError(values, error))
      .filter(problem => {
        const id = `${problem.path} ${problem.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
  };
  if (compiledSchemas.size >= MAX_COMPILED) {
    compiledSchemas.delete(compiledSchemas.keys().next().value as string);
  }
  compiledSchemas.set(key, validator);
  return validator;
}

/**
 * Parses and validates configuration values in one step, the way both the
 * form and the action do: the problems of the text (none when it is empty or
 * fits). A non-empty configuration for an add-on version without a schema
 * is refused. Throws AddonConfigurationSchemaError when the schema cannot be
 * used.
 *
 * @public
 */
export function checkAddonConfigurationValues(
  text: string,
  schema: AddonConfigurationSchema | string | undefined,
): AddonConfigurationProblem[] {
  const parsed = parseAddonConfigurationValues(text);
  if (parsed.problem) return [parsed.problem];
  if (!parsed.values) return [];
  return validateAddonConfigurationValues(parsed.values, schema);
}

/**
 * Validates parsed configuration values against the add-on version's schema
 * (undefined when the version has none: then only an empty configuration
 * fits). Throws AddonConfigurationSchemaError when the schema cannot be used.
 *
 * @public
 */
export function validateAddonConfigurationValues(
  values: Record<string, unknown>,
  schema: AddonConfigurationSchema | string | undefined,
): AddonConfigurationProblem[] {
  if (schema === undefined || schema === '') {
    return Object.keys(values).length > 0
      ? [
          {
            path: '',
            rule: 'no-schema',
            message:
              'must be empty: this add-on version accepts no configuration',
          },
        ]
      : [];
  }
  return compileAddonConfigurationSchema(schema)(values);
}

const PROPERTY_PATH = /^[A-Za-z0-9_$.[\]"-]+$/;

/**
 * One problem as a sentence naming the field and the key: for a field that
 * is a property path,
 * `addons[0].configurationValues.env.WARM_IP_TARGET must be ...`; for a
 * field named by its title, `Configuration: env.WARM_IP_TARGET must be ...`.
 *
 * @public
 */
export function formatAddonConfigurationProblem(
  field: string,
  problem: AddonConfigurationProblem,
): string {
  if (PROPERTY_PATH.test(field)) {
    let where = field;
    if (problem.path) {
      where += problem.path.startsWith('[') ? problem.path : `.${problem.path}`;
    }
    return `${where} ${problem.message}`;
  }
  return problem.path
    ? `${field}: ${problem.path} ${problem.message}`
    : `${field}: ${problem.message}`;
}
