import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { VpcListItem } from '@backstage-eks/plugin-eks-common';
import { isOwnLoadFailure, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksVpcPickerProps } from './schema';

/** "shop — vpc-0abc… (10.0.0.0/16)", "default VPC" marked. */
export function vpcLabel(vpc: VpcListItem): string {
  const details = [vpc.cidrBlock, vpc.isDefault ? 'default VPC' : undefined]
    .filter(Boolean)
    .join(', ');
  return `${vpc.name ? `${vpc.name} — ` : ''}${vpc.vpcId}${
    details ? ` (${details})` : ''
  }`;
}

/**
 * Picks one of the VPCs of the account and region the form names, shown with
 * its Name tag and CIDR. Optional: left empty, nothing is chosen.
 *
 * @public
 */
export function EksVpcPicker(props: EksVpcPickerProps) {
  const {
    onChange,
    formData,
    uiSchema,
    rawErrors,
    required,
    schema,
    formContext,
    idSchema,
  } = props;
  const { target, value, loading, problem } = useAccountList(
    uiSchema?.['ui:options'] ?? {},
    formContext,
    (eksApi, where) => eksApi.listVpcs(where),
    [],
  );
  const vpcs = value?.vpcs ?? [];
  const selected = vpcs.find(v => v.vpcId === formData) ?? null;

  let helperText: string | undefined = schema.description;
  if (problem) {
    helperText = loadProblemText(problem, 'VPCs');
  } else if (value && vpcs.length === 0) {
    helperText = `No VPCs in ${
      [target.accountId, target.region].filter(Boolean).join(' / ') ||
      "the portal's default account and region"
    }`;
  } else if (value && formData && !selected) {
    helperText = `${formData} is not a VPC of this account and region: pick another`;
  }

  return (
    <Autocomplete<VpcListItem>
      id={idSchema?.$id}
      options={vpcs}
      loading={loading}
      value={selected}
      getOptionLabel={vpcLabel}
      getOptionSelected={(a, b) => a.vpcId === b.vpcId}
      onChange={(_event, vpc) => onChange(vpc?.vpcId)}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title ?? 'VPC'}
          margin="dense"
          variant="outlined"
          required={required}
          error={
            isOwnLoadFailure(problem) ||
            Boolean(value && formData && !selected) ||
            (rawErrors?.length ?? 0) > 0
          }
          helperText={helperText}
        />
      )}
    />
  );
}
