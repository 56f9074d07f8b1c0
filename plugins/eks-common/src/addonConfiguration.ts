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
import {
  AddonConfigurationProblem,
  AddonConfigurationSchema,
} from './addonConfigurationTypes';
import { parseAddonConfigurationValues } from './addonConfigurationParse';
import { compileAddonConfigurationSchema } from './addonConfigurationSchema';

export {
  ADDON_CONFIGURATION_FORMATS,
  AddonConfigurationSchemaError,
} from './addonConfigurationTypes';
export type {
  AddonConfigurationFormat,
  AddonConfigurationProblem,
  AddonConfigurationSchema,
  AddonConfigurationValidator,
} from './addonConfigurationTypes';
export type { ParsedAddonConfiguration } from './addonConfigurationParse';
export { parseAddonConfigurationValues } from './addonConfigurationParse';
export { compileAddonConfigurationSchema } from './addonConfigurationSchema';

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
