import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateInstanceType } from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksInstanceTypePickerUiOptions } from './schema';

/**
 * A picked or typed value must be an EC2 instance type (eks-common's rule).
 * On a list's `items`, the scaffolder calls a field's validator with the
 * whole list: there the items' `pattern` (with an `errorMessage` naming the
 * entry) is the check, and this one leaves the list alone, so one mistake
 * gets one message.
 *
 * @public
 */
export const eksInstanceTypePickerValidation: CustomFieldValidator<
  string,
  EksInstanceTypePickerUiOptions
> = (value, validation, context) => {
  if (!value || typeof value !== 'string') {
    return;
  }
  const problem = validateInstanceType(value);
  if (problem) {
    validation.addError(
      `${fieldLabel(context.schema, 'Instance type')} ${problem}`,
    );
  }
};
