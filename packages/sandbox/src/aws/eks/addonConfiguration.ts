import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { AwsError } from '../AwsError';
import { ADDON_SCHEMAS } from './addonSchemas';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(addonName: string): ValidateFunction | undefined {
  const schema = ADDON_SCHEMAS[addonName];
  if (!schema) return undefined;
  let validate = compiled.get(addonName);
  if (!validate) {
    validate = ajv.compile(JSON.parse(schema));
    compiled.set(addonName, validate);
  }
  return validate;
}

function jsonPath(instancePath: string) {
  return `$${instancePath.replace(/\/([^/]+)/g, (_m, seg: string) =>
    /^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`,
  )}`;
}

function describeError(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const parent = e.parentSchema as
      | { properties?: Record<string, unknown> }
      | undefined;
    const allowed = Object.keys(parent?.properties ?? {});
    const path = jsonPath(`${e.instancePath}/${key}`);
    return `${path}: is not defined in the schema and the schema does not allow additional properties (allowed keys: ${allowed.join(
      ', ',
    )})`;
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    return `${jsonPath(
      e.instancePath,
    )}: does not have a value in the enumeration ${JSON.stringify(allowed)}`;
  }
  return `${jsonPath(e.instancePath)}: ${e.message}`;
}

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
      throw new AwsError(
        'InvalidParameterException',
        `ConfigurationValue provided in request is not supported: not valid JSON or YAML (${
          (e as Error).message
        })`,
      );
    }
  }
  if (value === null || value === undefined || value === '') return;
  const validate = validatorFor(addonName);
  if (!validate) {
    throw new AwsError(
      'InvalidParameterException',
      `ConfigurationValue provided in request is not supported: ${addonName} has no configuration schema`,
    );
  }
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map(describeError);
    throw new AwsError(
      'InvalidParameterException',
      `ConfigurationValue provided in request is not supported: Json schema validation failed with error: [${errors.join(
        ', ',
      )}]`,
    );
  }
}
