import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  parseEksClusterArn,
  validateClusterName,
} from '@backstage-eks/plugin-eks-common';
import { fieldLabel } from '../formContext';
import { EksClusterPickerUiOptions } from './schema';

/**
 * The chosen value must be a cluster name, or an EKS cluster ARN when the
 * field emits ARNs.
 *
 * @public
 */
export const eksClusterPickerValidation: CustomFieldValidator<
  string,
  EksClusterPickerUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const label = fieldLabel(context.schema, 'cluster');
  if (context.uiSchema?.['ui:options']?.output === 'arn') {
    if (!parseEksClusterArn(value)) {
      validation.addError(
        `${label} must be an EKS cluster ARN such as "arn:aws:eks:eu-west-1:123456789012:cluster/demo"`,
      );
    }
    return;
  }
  const problem = validateClusterName(value);
  if (problem) {
    validation.addError(`${label} ${problem}`);
  }
};
