import { useEffect } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import {
  CLUSTER_HOUR_PRICE_USD,
  KubernetesVersionsResponse,
} from '@backstage-eks/plugin-eks-common';
import { isOwnLoadFailure, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksKubernetesVersionPickerProps } from './schema';

type VersionInfo = KubernetesVersionsResponse['versions'][number];

const day = (isoDate: string) => isoDate.slice(0, 10);

/**
 * What the support dates of DescribeClusterVersions say about a version:
 * "standard support until 2027-07-29, extended support until 2028-07-29"
 * in standard support, "extended support until 2026-03-23" once standard
 * support has ended. Without dates, the status in words.
 */
function supportNote(version: VersionInfo): string | undefined {
  const standard = version.endOfStandardSupport
    ? `standard support until ${day(version.endOfStandardSupport)}`
    : undefined;
  const extended = version.endOfExtendedSupport
    ? `extended support until ${day(version.endOfExtendedSupport)}`
    : undefined;
  switch (version.status) {
    case 'EXTENDED_SUPPORT':
      return extended ?? 'extended support';
    case 'UNSUPPORTED':
      return 'no longer supported';
    case 'STANDARD_SUPPORT':
      return (
        [standard, extended].filter(Boolean).join(', ') || 'standard support'
      );
    default:
      return [standard, extended].filter(Boolean).join(', ') || undefined;
  }
}

const price = (type: keyof typeof CLUSTER_HOUR_PRICE_USD) =>
  `$${CLUSTER_HOUR_PRICE_USD[type].toFixed(2)} per cluster-hour`;

/**
 * What the chosen version costs and until when, for the support policy:
 * "1.33 is in standard support ($0.10 per cluster-hour) until 2027-07-29;
 * then extended support ($0.60 per cluster-hour) until 2028-07-29, or, with
 * the Standard support policy, EKS upgrades the cluster then." Undefined
 * without the dates.
 */
export function supportCostNote(version: VersionInfo): string | undefined {
  const standardEnd = version.endOfStandardSupport;
  const extendedEnd = version.endOfExtendedSupport;
  if (version.status === 'EXTENDED_SUPPORT') {
    return `${version.version} is in extended support (${price('EXTENDED')})${
      extendedEnd ? ` until ${day(extendedEnd)}` : ''
    }`;
  }
  if (!standardEnd) return undefined;
  return `${version.version} is in standard support (${price(
    'STANDARD',
  )}) until ${day(standardEnd)}; then extended support (${price('EXTENDED')})${
    extendedEnd ? ` until ${day(extendedEnd)}` : ''
  }, or, with the Standard support policy, EKS upgrades the cluster then`;
}

/** "1.33 — default; standard support until …, extended support until …" */
export function kubernetesVersionLabel(version: VersionInfo): string {
  const notes = [
    version.default ? 'default' : undefined,
    supportNote(version),
  ].filter(Boolean);
  return notes.length
    ? `${version.version} — ${notes.join('; ')}`
    : version.version;
}

/**
 * Picks one of the Kubernetes versions EKS offers; EKS's default is
 * preselected.
 *
 * @public
 */
export function EksKubernetesVersionPicker(
  props: EksKubernetesVersionPickerProps,
) {
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
  // A malformed account id or region is that field's problem: not asked.
  const { value, loading, problem } = useAccountList(
    uiSchema?.['ui:options'] ?? {},
    formContext,
    (eksApi, target) => eksApi.getKubernetesVersions(target),
    [],
  );
  const versions = value?.versions ?? [];

  useEffect(() => {
    if (!formData && versions.length > 0) {
      onChange((versions.find(v => v.default) ?? versions[0]).version);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [versions, formData]);

  const chosen = versions.find(v => v.version === formData);
  const known = Boolean(chosen);
  let helperText: string | undefined =
    [schema.description, chosen && supportCostNote(chosen)]
      .filter(Boolean)
      .join(' ') || undefined;
  if (problem) {
    helperText = loadProblemText(problem, 'Kubernetes versions');
  } else if (loading) {
    helperText = 'Loading the versions EKS offers…';
  }

  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="dense"
      variant="outlined"
      label={schema.title ?? 'Kubernetes version'}
      required={required}
      value={known ? formData : ''}
      onChange={event => onChange(event.target.value)}
      error={isOwnLoadFailure(problem) || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      disabled={loading}
      SelectProps={{
        SelectDisplayProps: {
          'aria-label': schema.title ?? 'Kubernetes version',
        } as React.HTMLAttributes<HTMLDivElement>,
      }}
    >
      {versions.map(version => (
        <MenuItem key={version.version} value={version.version}>
          {kubernetesVersionLabel(version)}
        </MenuItem>
      ))}
    </TextField>
  );
}
