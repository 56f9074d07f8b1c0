import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateKubernetesVersion } from '@backstage-eks/plugin-eks-common';
import { EksKubernetesVersionPickerUiOptions } from './schema';

/**
 * The value must be a Kubernetes minor version such as `1.33`.
 *
 * @public
 */
export const eksKubernetesVersionPickerValidation: CustomFieldValidator<
  string,
  EksKubernetesVersionPickerUiOptions
> = (value, validation) => {
  if (!value) {
    return;
  }
  const problem = validateKubernetesVersion(value);
  if (problem) {
    // the step's error list puts the field's title in front of it
    validation.addError(problem);
  }
};
