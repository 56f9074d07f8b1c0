import Ajv, { ErrorObject, Options, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { parse as parseYaml } from 'yaml';
import { AwsError } from '../AwsError';
import { ADDON_SCHEMAS } from './addonSchemas';

/**
 * The sandbox's own check of configurationValues, as EKS does it on
 * CreateAddon/UpdateAddon: JSON or YAML, validated against the add-on's
 * schema in the dialect it declares, `format`s included. Independent of the
 * product's validator (eks-common), which this judges.
 */

/** EKS's string formats: strings the add-on reads as booleans and integers. */
const FORMATS: Record<string, RegExp> = {
  boolean: /^(true|false)$/,
  integer: /^-?\d+$/,
};

const OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  // Unknown keywords are annotations; an unknown format still throws when
  // the schema is compiled, so no schema here can use a format unchecked.
  strictSchema: 'log',
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  logger: false,
};

function ajvFor(dialect: unknown): Ajv {
  let ajv: Ajv;
  if (
    typeof dialect === 'string' &&
    dialect.includes('json-schema.org/draft/2019-09/')
  ) {
    ajv = new Ajv2019(OPTIONS);
  } else {
    ajv = new Ajv(OPTIONS);
    ajv.addMetaSchema(draft06MetaSchema);
  }
  for (const [name, pattern] of Object.entries(FORMATS)) {
    ajv.addFormat(name, pattern);
  }
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/** The compiled schema of an add-on; throws when a schema cannot be compiled. */
export function addonConfigurationValidator(
  addonName: string,
): ValidateFunction | undefined {
  const text = ADDON_SCHEMAS[addonName];
  if (!text) return undefined;
  let validate = compiled.get(addonName);
  if (!validate) {
    const schema = JSON.parse(text) as Record<string, unknown>;
    validate = ajvFor(schema.$schema).compile(schema);
    compiled.set(addonName, validate);
  }
  return validate;
}

function jsonPath(instancePath: string) {
  return `$${instancePath.replace(/\/([^/]+)/g, (_m, seg: string) =>
    /^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, '/')}`,
  )}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function describeError(e: ErrorObject): string {
  const params = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const parent = e.parentSchema as
        | { properties?: Record<string, unknown> }
        | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      const path = jsonPath(`${e.instancePath}/${params.additionalProperty}`);
      return `${path}: is not defined in the schema and the schema does not allow additional properties (allowed keys: ${allowed.join(
        ', ',
      )})`;
    }
    case 'enum':
      return `${jsonPath(
        e.instancePath,
      )}: does not have a value in the enumeration ${JSON.stringify(
        params.allowedValues,
      )}`;
    case 'type':
      return `${jsonPath(e.instancePath)}: ${typeOf(e.data)} found, ${String(
        params.type,
      )
        .split(',')
        .join(' or ')} expected`;
    case 'format':
      return `${jsonPath(e.instancePath)}: does not match the ${
        params.format
      } pattern ${FORMATS[params.format] ?? ''}`.trimEnd();
    case 'required':
      return `${jsonPath(e.instancePath)}.${
        params.missingProperty
      }: is missing but it is required`;
    default:
      return `${jsonPath(e.instancePath)}: ${e.message}`;
  }
}

const notSupported = (detail: string) =>
  new AwsError(
    'InvalidParameterException',
    `ConfigurationValue provided in request is not supported: ${detail}`,
  );

/**
 * Parses configurationValues (JSON or YAML, as EKS accepts) and validates it
 * against the add-on's schema; InvalidParameterException in EKS's wording,
 * naming every bad key, otherwise.
 */
export function validateConfigurationValues(
  addonName: string,
  raw: string,
): void {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    try {
      value = parseYaml(raw);
    } catch (e) {
      throw notSupported(
        `not valid JSON or YAML (${(e as Error).message.split('\n')[0]})`,
      );
    }
  }
  if (value === null || value === undefined || value === '') return;
  const validate = addonConfigurationValidator(addonName);
  if (!validate) {
    throw notSupported(`${addonName} has no configuration schema`);
  }
  if (!validate(value)) {
    const errors = [...new Set((validate.errors ?? []).map(describeError))];
    throw notSupported(
      `Json schema validation failed with error: [${errors.join(', ')}]`,
    );
  }
}
