import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateVpcId } from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksVpcPickerUiOptions } from './schema';

/**
 * The value must be a VPC id (eks-common's rule).
 *
 * @public
 */
export const eksVpcPickerValidation: CustomFieldValidator<
  string,
  EksVpcPickerUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const problem = validateVpcId(value);
  if (problem) {
    validation.addError(`${fieldLabel(context.schema, 'VPC')} ${problem}`);
  }
};
