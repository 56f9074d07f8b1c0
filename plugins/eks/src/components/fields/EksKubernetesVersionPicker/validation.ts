import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateKubernetesVersion } from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksKubernetesVersionPickerUiOptions } from './schema';

/**
 * The value must be a Kubernetes minor version such as `1.33`.
 *
 * @public
 */
export const eksKubernetesVersionPickerValidation: CustomFieldValidator<
  string,
  EksKubernetesVersionPickerUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const problem = validateKubernetesVersion(value);
  if (problem) {
    validation.addError(
      `${fieldLabel(context.schema, 'Kubernetes version')} ${problem}`,
    );
  }
};
