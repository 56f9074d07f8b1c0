import { validateVpcId } from '@backstage-eks/plugin-eks-common';
import { siblingValue } from '../formContext';
import { EksSubnetPickerUiOptions } from './schema';

/** The VPC whose subnets are listed: fixed in ui:options, else the form's VPC field; undefined when none or malformed. */
export function vpcOf(
  options: EksSubnetPickerUiOptions,
  formData: Record<string, unknown>,
): string | undefined {
  const value =
    options.vpcId ?? siblingValue(formData, options.vpcIdField ?? 'vpcId');
  return typeof value === 'string' && value && !validateVpcId(value)
    ? value
    : undefined;
}
