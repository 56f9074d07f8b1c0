import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  clusterSubnetZonesProblem,
  validateSubnetId,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { fieldLabel, resolveTarget } from '../formContext';
import { EksSubnetPickerUiOptions } from './schema';
import { vpcOf } from './vpcOf';

/**
 * Chosen subnets (none is fine: the cluster's subnets are then found by
 * their tags) must be subnet ids of the form's VPC spanning at least two
 * Availability Zones, as EKS requires; asked of the backend, whose failures
 * are left to the field, which shows them.
 *
 * @public
 */
export const eksSubnetPickerValidation: CustomFieldValidator<
  string[],
  EksSubnetPickerUiOptions
> = async (value, validation, context) => {
  if (!Array.isArray(value) || value.length === 0) {
    return;
  }
  const label = fieldLabel(context.schema, 'Subnets');
  const malformed = value.find(id => validateSubnetId(id));
  if (malformed !== undefined) {
    validation.addError(
      `${label}: "${malformed}" ${validateSubnetId(malformed)}`,
    );
    return;
  }
  const options = context.uiSchema?.['ui:options'] ?? {};
  const formData = (context.formData ?? {}) as Record<string, unknown>;
  const vpcId = vpcOf(options, formData);
  const eksApi = context.apiHolder.get(eksApiRef);
  if (!vpcId || !eksApi) {
    return;
  }
  let subnets;
  try {
    ({ subnets } = await eksApi.listSubnets({
      ...resolveTarget(options, formData),
      vpcId,
    }));
  } catch {
    return;
  }
  const byId = new Map(subnets.map(s => [s.subnetId, s]));
  const elsewhere = value.filter(id => !byId.has(id));
  if (elsewhere.length > 0) {
    validation.addError(
      `${label} must be subnets of ${vpcId}: ${elsewhere.join(', ')} ${
        elsewhere.length === 1 ? 'is' : 'are'
      } not`,
    );
    return;
  }
  const problem = clusterSubnetZonesProblem(
    value.map(id => byId.get(id)?.availabilityZone),
  );
  if (problem) {
    validation.addError(`${label} ${problem}`);
  }
};
