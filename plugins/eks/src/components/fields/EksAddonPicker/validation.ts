import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  validateAddonName,
  validateAddonVersion,
} from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksAddonPickerUiOptions, EksAddonSelection } from './schema';

/**
 * Each add-on needs a valid name and a version (`latest`, `default` or exact),
 * and a list names each add-on once.
 *
 * @public
 */
export const eksAddonPickerValidation: CustomFieldValidator<
  EksAddonSelection | EksAddonSelection[],
  EksAddonPickerUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const label = fieldLabel(context.schema, 'add-on');
  const list = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  list.forEach((addon, index) => {
    const where = Array.isArray(value) ? `${label} #${index + 1}` : label;
    const nameProblem = validateAddonName(addon?.name ?? '');
    if (nameProblem) {
      validation.addError(`${where}: name ${nameProblem}`);
      return;
    }
    const versionProblem = validateAddonVersion(addon.version ?? '');
    if (versionProblem) {
      validation.addError(
        `${where} (${addon.name}): version ${versionProblem}`,
      );
    }
    if (seen.has(addon.name)) {
      validation.addError(`${where}: ${addon.name} is listed more than once`);
    }
    seen.add(addon.name);
  });
};
