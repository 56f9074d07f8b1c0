import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { parseEksClusterArn } from '@backstage-eks/plugin-eks-common';
import { siblingValue } from '../formContext';
import { EksClusterNameConfirmationUiOptions } from './schema';

/**
 * The name of the cluster the form chose, from the field `clusterField`
 * (default `cluster`): the value itself, or the name in an EKS cluster ARN.
 */
export function chosenClusterName(
  formData: Record<string, unknown>,
  clusterField: string | undefined,
): string | undefined {
  const chosen = siblingValue(formData, clusterField ?? 'cluster');
  if (typeof chosen !== 'string' || chosen.trim() === '') {
    return undefined;
  }
  return parseEksClusterArn(chosen)?.clusterName ?? chosen.trim();
}

/**
 * The typed confirmation must equal the name of the chosen cluster exactly,
 * so a delete never runs on a cluster the person did not name. The form
 * shows the message under the field and after its title in the error list,
 * so it does not repeat the title.
 *
 * @public
 */
export const eksClusterNameConfirmationValidation: CustomFieldValidator<
  string,
  EksClusterNameConfirmationUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const expected = chosenClusterName(
    (context.formData ?? {}) as Record<string, unknown>,
    context.uiSchema?.['ui:options']?.clusterField,
  );
  if (!expected) {
    validation.addError('choose the cluster first, then type its name here');
    return;
  }
  if (value !== expected) {
    validation.addError(
      `"${value}" is not the chosen cluster's name; type "${expected}" exactly (case and spaces count)`,
    );
  }
};
