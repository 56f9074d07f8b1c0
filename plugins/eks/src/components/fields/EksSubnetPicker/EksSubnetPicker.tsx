import { useEffect } from 'react';
import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
} from '@material-ui/core';
import {
  clusterSubnetZonesProblem,
  SubnetListItem,
} from '@backstage-eks/plugin-eks-common';
import { allFormData } from '../formContext';
import { isOwnLoadFailure, LoadProblem, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksSubnetPickerProps } from './schema';
import { vpcOf } from './vpcOf';

/** "default-private-eu-west-1a — subnet-0abc… (eu-west-1a, 10.0.1.0/24, private)" */
export function subnetLabel(subnet: SubnetListItem): string {
  const details = [
    subnet.availabilityZone,
    subnet.cidrBlock,
    subnet.visibility,
  ].filter(Boolean);
  return `${subnet.name ? `${subnet.name} — ` : ''}${subnet.subnetId}${
    details.length ? ` (${details.join(', ')})` : ''
  }`;
}

/** What the line under the list says, most urgent first. */
function subnetHelperText(state: {
  description: string | undefined;
  label: string;
  vpcId: string | undefined;
  problem: LoadProblem | undefined;
  loading: boolean;
  loaded: boolean;
  subnets: SubnetListItem[];
  chosen: string[];
  zoneWarning: string | undefined;
}): string | undefined {
  const { vpcId, problem, zoneWarning } = state;
  if (problem) {
    return loadProblemText(problem, 'subnets');
  }
  if (!vpcId) {
    return 'Choose a VPC to pick its subnets; left empty, the subnets tagged kubernetes.io/role/internal-elb (else kubernetes.io/role/elb) are used';
  }
  if (state.loading) {
    return `Loading the subnets of ${vpcId}…`;
  }
  if (state.loaded && state.subnets.length === 0) {
    return `${vpcId} has no subnets`;
  }
  if (zoneWarning) {
    return `${state.label} ${zoneWarning}: choose subnets in another zone too`;
  }
  if (state.chosen.length === 0) {
    return `None chosen: the subnets of ${vpcId} tagged kubernetes.io/role/internal-elb (else kubernetes.io/role/elb) are used`;
  }
  return state.description;
}

/** Subnets of another VPC (the VPC changed) are no longer a choice. */
function useDropSubnetsOfOtherVpcs(
  loaded: unknown,
  subnets: SubnetListItem[],
  chosen: string[],
  onChange: (value: string[] | undefined) => void,
) {
  useEffect(() => {
    if (!loaded || chosen.length === 0) {
      return;
    }
    const kept = chosen.filter(id => subnets.some(s => s.subnetId === id));
    if (kept.length !== chosen.length) {
      onChange(kept.length ? kept : undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);
}

function SubnetChecklist(props: {
  subnets: SubnetListItem[];
  chosen: string[];
  onChange: (value: string[] | undefined) => void;
}) {
  const { subnets, chosen, onChange } = props;
  const toggle = (subnetId: string, on: boolean) => {
    const next = on
      ? [...chosen, subnetId]
      : chosen.filter(id => id !== subnetId);
    // in the order of the list: by zone, then CIDR
    const ordered = subnets
      .map(s => s.subnetId)
      .filter(id => next.includes(id));
    onChange(ordered.length ? ordered : undefined);
  };
  return (
    <FormGroup>
      {subnets.map(subnet => (
        <FormControlLabel
          key={subnet.subnetId}
          control={
            <Checkbox
              checked={chosen.includes(subnet.subnetId)}
              onChange={event => toggle(subnet.subnetId, event.target.checked)}
            />
          }
          label={subnetLabel(subnet)}
        />
      ))}
    </FormGroup>
  );
}

/**
 * Picks subnets of the VPC chosen in the form (its `vpcId` field), each
 * shown with Availability Zone, CIDR, Name and public/private (by the
 * `kubernetes.io/role/elb` / `internal-elb` tags). Warns while fewer than two
 * Availability Zones are chosen, which EKS refuses. Left empty, the cluster's
 * subnets are found by those tags.
 *
 * @public
 */
export function EksSubnetPicker(props: EksSubnetPickerProps) {
  const {
    onChange,
    formData,
    uiSchema,
    rawErrors,
    schema,
    formContext,
    idSchema,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const vpcId = vpcOf(options, allFormData(formContext));
  const { value, loading, problem } = useAccountList(
    options,
    formContext,
    (eksApi, where) =>
      vpcId ? eksApi.listSubnets({ ...where, vpcId }) : undefined,
    [vpcId],
  );
  const subnets = value?.subnets ?? [];
  const chosen = formData ?? [];
  useDropSubnetsOfOtherVpcs(value, subnets, chosen, onChange);

  const label = schema.title ?? 'Subnets';
  const zoneWarning =
    chosen.length > 0 && value
      ? clusterSubnetZonesProblem(
          chosen.map(
            id => subnets.find(s => s.subnetId === id)?.availabilityZone,
          ),
        )
      : undefined;
  const helperText = subnetHelperText({
    description: schema.description,
    label,
    vpcId,
    problem,
    loading,
    loaded: Boolean(value),
    subnets,
    chosen,
    zoneWarning,
  });

  return (
    <FormControl
      id={idSchema?.$id}
      component="fieldset"
      margin="dense"
      fullWidth
      error={isOwnLoadFailure(problem) || (rawErrors?.length ?? 0) > 0}
    >
      <FormLabel component="legend">{label}</FormLabel>
      <SubnetChecklist subnets={subnets} chosen={chosen} onChange={onChange} />
      {helperText && (
        <FormHelperText
          error={isOwnLoadFailure(problem) || Boolean(zoneWarning)}
          role={zoneWarning ? 'alert' : undefined}
        >
          {helperText}
        </FormHelperText>
      )}
    </FormControl>
  );
}
