import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  AddonConfigurationProblem,
  AddonConfigurationSchemaError,
  parseAddonConfigurationValues,
  validateAddonConfigurationValues,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { loadAddonConfiguration } from './loadAddonConfiguration';
import { EksAddonConfigurationUiOptions } from './schema';

/**
 * The value must parse as JSON or YAML and fit the add-on's configuration
 * schema. The checks and messages are eks-common's, the ones the
 * addon:install action gives for the same value; each problem names the key
 * (and, for unknown keys, the allowed ones), and YAML mistakes their line
 * and column.
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
  // The scaffolder puts the field's title in front of each error in the
  // step's list ("'CoreDNS configuration' replicaCount must be >= 1"), so
  // the message starts at the key: the addon:install action's words for the
  // same problem, without the field name.
  const report = (problems: AddonConfigurationProblem[]) => {
    for (const problem of problems) {
      validation.addError(
        problem.path ? `${problem.path} ${problem.message}` : problem.message,
      );
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
