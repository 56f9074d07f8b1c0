import { InputError } from '@backstage/errors';
import {
  AddonConfigurationProblem,
  AddonConfigurationSchemaError,
  formatAddonConfigurationProblem,
  parseAddonConfigurationValues,
  validateAddonConfigurationValues,
} from '@backstage-eks/plugin-eks-common';

function refuse(field: string, problems: AddonConfigurationProblem[]): void {
  if (problems.length === 0) return;
  throw new InputError(
    problems.map(p => formatAddonConfigurationProblem(field, p)).join('; '),
  );
}

/**
 * Parses add-on configuration values written as JSON or YAML into an object
 * (empty for an empty text), with eks-common's rules, the ones the template
 * form uses. Throws an InputError naming the field and the rule otherwise.
 *
 * @public
 */
export function parseConfigurationValues(
  field: string,
  text: string,
): Record<string, unknown> {
  const parsed = parseAddonConfigurationValues(text);
  if (parsed.problem) refuse(field, [parsed.problem]);
  return parsed.values ?? {};
}

/**
 * Validates configuration values against the JSON Schema that
 * DescribeAddonConfiguration returns, with eks-common's validator (the one
 * the template form uses, so both give the same messages). Throws an
 * InputError that names each bad key and the rule it breaks. A schema that
 * cannot check values (e.g. a format the validator does not know) is an
 * Error, not the user's fault.
 *
 * @public
 */
export function validateConfigurationValues(
  field: string,
  values: Record<string, unknown>,
  schemaText: string | undefined,
): void {
  let problems: AddonConfigurationProblem[];
  try {
    problems = validateAddonConfigurationValues(values, schemaText);
  } catch (error) {
    if (error instanceof AddonConfigurationSchemaError) {
      throw new Error(`${field} cannot be checked: ${error.message}`);
    }
    throw error;
  }
  refuse(field, problems);
}
