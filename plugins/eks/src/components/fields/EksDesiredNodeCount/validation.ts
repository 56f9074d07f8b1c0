import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { nodeGroupScalingProblem } from '@backstage-eks/plugin-eks-common';
import { fieldLabel, siblingValue } from '../formContext';
import { EksDesiredNodeCountUiOptions } from './schema';

/**
 * Minimum ≤ desired ≤ maximum, with the form's labels (EKS's rule, from
 * eks-common). Checked only when all three are numbers: a missing or
 * non-integer size is the schema's error on that field.
 *
 * @public
 */
export const eksDesiredNodeCountValidation: CustomFieldValidator<
  number,
  EksDesiredNodeCountUiOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'];
  const formData = (context.formData ?? {}) as Record<string, unknown>;
  const minSize = siblingValue(formData, options?.minSizeField);
  const maxSize = siblingValue(formData, options?.maxSizeField);
  if (
    typeof value !== 'number' ||
    typeof minSize !== 'number' ||
    typeof maxSize !== 'number'
  ) {
    return;
  }
  const problem = nodeGroupScalingProblem(
    { minSize, desiredSize: value, maxSize },
    {
      minSize: options?.minSizeTitle ?? 'Minimum nodes',
      desiredSize: fieldLabel(context.schema, 'Desired nodes'),
      maxSize: options?.maxSizeTitle ?? 'Maximum nodes',
    },
  );
  if (problem) {
    validation.addError(problem);
  }
};
