import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  AddonConfigurationProblem,
  AddonConfigurationSchemaError,
  formatAddonConfigurationProblem,
  parseAddonConfigurationValues,
  validateAddonConfigurationValues,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { fieldLabel } from '../formContext';
import { loadAddonConfiguration } from './loadAddonConfiguration';
import { EksAddonConfigurationUiOptions } from './schema';

/**
 * The value must parse as JSON or YAML and fit the add-on's configuration
 * schema. The checks and messages are eks-common's, the ones the
 * addon:install action gives for the same value; each problem names the key
 * (and, for unknown keys, the allowed ones).
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
  const report = (problems: AddonConfigurationProblem[]) => {
    for (const problem of problems) {
      validation.addError(formatAddonConfigurationProblem(label, problem));
    }
  };
  const parsed = parseAddonConfigurationValues(value);
  if (parsed.problem) {
    report([parsed.problem]);
    return;
  }
  if (!parsed.values) {
    return;
  }
  const eksApi = context.apiHolder.get(eksApiRef);
  if (!eksApi) {
    return;
  }
  let configuration;
  try {
    configuration = await loadAddonConfiguration(
      eksApi,
      context.uiSchema?.['ui:options'] ?? {},
      context.formData,
    );
  } catch {
    // The field already shows why the schema could not be loaded, and the
    // addon:install action validates the value against it again.
    return;
  }
  if (!configuration) {
    return;
  }
  try {
    report(
      validateAddonConfigurationValues(
        parsed.values,
        configuration.configurationSchema,
      ),
    );
  } catch (error) {
    if (error instanceof AddonConfigurationSchemaError) {
      // The field shows that the schema cannot check values; the action
      // refuses to run with it.
      return;
    }
    throw error;
  }
};
