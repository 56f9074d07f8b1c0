import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateIamPrincipalArn } from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksIamPrincipalPickerUiOptions } from './schema';

/**
 * A picked or typed value must be an IAM role or user ARN (eks-common's
 * rule, the one access entries accept). On a list's `items`, the
 * scaffolder calls a field's validator with the whole list: there the
 * items' `pattern` (with an `errorMessage` naming the entry) is the check,
 * and this one leaves the list alone, so one mistake gets one message.
 *
 * @public
 */
export const eksIamPrincipalPickerValidation: CustomFieldValidator<
  string,
  EksIamPrincipalPickerUiOptions
> = (value, validation, context) => {
  if (!value || typeof value !== 'string') {
    return;
  }
  const problem = validateIamPrincipalArn(value);
  if (problem) {
    validation.addError(
      `${fieldLabel(context.schema, 'Cluster administrator')} ${problem}`,
    );
  }
};
