import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { eksApiRef } from '../../../api';
import { compileConfigurationSchema } from '../../../lib/addonConfiguration';
import { fieldLabel } from '../formContext';
import { loadAddonConfiguration } from './loadAddonConfiguration';
import { EksAddonConfigurationUiOptions } from './schema';

/**
 * The value must be a JSON object that fits the add-on's configuration
 * schema; each problem names the key (and, for unknown keys, the allowed ones).
 *
 * @public
 */
export const eksAddonConfigurationValidation: CustomFieldValidator<
  string,
  EksAddonConfigurationUiOptions
> = async (value, validation, context) => {
  if (!value) {
    return;
  }
  const label = fieldLabel(context.schema, 'configurationValues');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    validation.addError(
      `${label} is not valid JSON or YAML: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
    return;
  }
  const eksApi = context.apiHolder.get(eksApiRef);
  if (!eksApi) {
    return;
  }
  let schema: Record<string, unknown> | undefined;
  try {
    schema = (
      await loadAddonConfiguration(
        eksApi,
        context.uiSchema?.['ui:options'] ?? {},
        context.formData,
      )
    )?.configurationSchema;
  } catch {
    // The field already shows why the schema could not be loaded, and the
    // addon:install action validates the value against it again.
    return;
  }
  if (!schema) {
    return;
  }
  for (const problem of compileConfigurationSchema(schema)(parsed)) {
    validation.addError(`${label}: ${problem.message}`);
  }
};
