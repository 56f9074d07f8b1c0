import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  validateAddonName,
  validateAddonVersion,
  validateNamespace,
} from '@backstage-eks/plugin-eks-common';
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
> = (value, validation) => {
  if (!value) {
    return;
  }
  // The step's error list puts the field's title in front ("'Core add-ons'
  // Add-on 2 (vpc-cni): version must be ..."): a list's entries are named
  // as the picker labels its rows, "Add-on 1", "Add-on 2".
  const list = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  list.forEach((addon, index) => {
    const where = (detail: string) =>
      Array.isArray(value) ? `Add-on ${index + 1}${detail}: ` : '';
    const nameProblem = validateAddonName(addon?.name ?? '');
    if (nameProblem) {
      validation.addError(`${where('')}name ${nameProblem}`);
      return;
    }
    const versionProblem = validateAddonVersion(addon.version ?? '');
    if (versionProblem) {
      validation.addError(
        `${where(` (${addon.name})`)}version ${versionProblem}`,
      );
    }
    const namespaceProblem =
      addon.namespace !== undefined
        ? validateNamespace(addon.namespace)
        : undefined;
    if (namespaceProblem) {
      validation.addError(
        `${where(` (${addon.name})`)}namespace ${namespaceProblem}`,
      );
    }
    if (seen.has(addon.name)) {
      validation.addError(`${where('')}${addon.name} is listed more than once`);
    }
    seen.add(addon.name);
  });
};
