import { useEffect } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import {
  CLUSTER_HOUR_PRICE_USD,
  KubernetesVersionsResponse,
  nextKubernetesVersion,
} from '@backstage-eks/plugin-eks-common';
import {
  allFormData,
  clusterKubernetesVersion,
  siblingValue,
} from '../formContext';
import { isOwnLoadFailure, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import {
  EksKubernetesVersionPickerProps,
  EksKubernetesVersionPickerUiOptions,
} from './schema';

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
 * The versions a cluster at `current` can be upgraded to, of those EKS
 * offers: the next minor version (EKS upgrades one at a time), when EKS
 * offers it.
 */
export function upgradeTargets(
  versions: VersionInfo[],
  current: string,
): VersionInfo[] {
  const next = nextKubernetesVersion(current);
  return versions.filter(v => v.version === next);
}

const minorOf = (version: string) => Number(version.split('.')[1] ?? NaN);

/**
 * Why there is no version to offer a cluster at `current`: it runs the
 * newest version EKS offers, or EKS does not offer the next one.
 */
export function noUpgradeTargetText(
  cluster: string,
  current: string,
  versions: VersionInfo[],
): string {
  const newer = versions.filter(v => minorOf(v.version) > minorOf(current));
  if (newer.length === 0) {
    return `${cluster} runs Kubernetes ${current}, the newest version EKS offers: there is no version to upgrade it to`;
  }
  return `EKS does not offer Kubernetes ${nextKubernetesVersion(
    current,
  )}, the only version ${cluster} (Kubernetes ${current}) can be upgraded to: EKS upgrades one minor version at a time`;
}

/** What the picker offers: every version, or a cluster's upgrade targets. */
interface VersionChoices {
  versions: VersionInfo[];
  /** In upgrade mode: the cluster's version, and the versions EKS offers. */
  upgrade?: { cluster: string; current: string; available: VersionInfo[] };
}

const stringOf = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * The versions to offer: every version EKS offers, or with an
 * `upgradeClusterField` the upgrade target of the cluster that field names
 * (nothing asked before a cluster is picked).
 */
function useVersionChoices(
  options: EksKubernetesVersionPickerUiOptions,
  formContext: unknown,
) {
  const upgradeField = options.upgradeClusterField;
  const form = allFormData(formContext);
  const cluster = upgradeField
    ? stringOf(siblingValue(form, upgradeField))
    : undefined;
  // A malformed account id or region is that field's problem: not asked.
  const list = useAccountList<VersionChoices | undefined>(
    options,
    formContext,
    async (eksApi, target) => {
      if (!upgradeField) {
        return {
          versions: (await eksApi.getKubernetesVersions(target)).versions,
        };
      }
      if (!cluster) return undefined;
      const [{ versions }, current] = await Promise.all([
        eksApi.getKubernetesVersions(target),
        clusterKubernetesVersion(eksApi, options, form, upgradeField),
      ]);
      return {
        versions: current ? upgradeTargets(versions, current) : [],
        upgrade: current
          ? { cluster, current, available: versions }
          : undefined,
      };
    },
    [upgradeField, cluster],
  );
  return { ...list, upgradeField, cluster };
}

type Choices = ReturnType<typeof useVersionChoices>;

/**
 * What the line under the picker says: why nothing can be listed or
 * offered, or the description with the chosen version's upgrade and
 * support notes.
 */
function versionHelperText(
  choices: Choices,
  description: string | undefined,
  chosen: VersionInfo | undefined,
): string | undefined {
  const { problem, loading, upgradeField, cluster, value } = choices;
  const upgrade = value?.upgrade;
  if (problem) return loadProblemText(problem, 'Kubernetes versions');
  if (loading) {
    return upgradeField
      ? 'Loading the versions this cluster can be upgraded to…'
      : 'Loading the versions EKS offers…';
  }
  if (upgradeField && !cluster) {
    return 'Pick the cluster first: the version it can be upgraded to is offered then.';
  }
  if (upgrade && value?.versions.length === 0) {
    return noUpgradeTargetText(
      upgrade.cluster,
      upgrade.current,
      upgrade.available,
    );
  }
  const upgradeNote =
    upgrade && chosen
      ? `${upgrade.cluster}: Kubernetes ${upgrade.current} to ${chosen.version}.`
      : undefined;
  return (
    [description, upgradeNote, chosen && supportCostNote(chosen)]
      .filter(Boolean)
      .join(' ') || undefined
  );
}

/**
 * Picks one of the Kubernetes versions EKS offers; EKS's default is
 * preselected. With `ui:options.upgradeClusterField`, offers only the
 * version the cluster that field names can be upgraded to (the next minor
 * version), preselected, and says so when there is none.
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
  const choices = useVersionChoices(
    uiSchema?.['ui:options'] ?? {},
    formContext,
  );
  const { value, loading, problem, upgradeField, cluster } = choices;
  const versions = value?.versions ?? [];

  useEffect(() => {
    if (loading) return;
    if (upgradeField) {
      // the one valid target, or none; nothing is decided before a cluster is picked
      if (value && formData !== versions[0]?.version) {
        onChange(versions[0]?.version);
      }
      return;
    }
    if (!formData && versions.length > 0) {
      onChange((versions.find(v => v.default) ?? versions[0]).version);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, loading, formData]);

  const chosen = versions.find(v => v.version === formData);
  const nothingToOffer = Boolean(value?.upgrade && versions.length === 0);
  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="dense"
      variant="outlined"
      label={schema.title ?? 'Kubernetes version'}
      required={required}
      value={chosen ? formData : ''}
      onChange={event => onChange(event.target.value)}
      error={
        isOwnLoadFailure(problem) ||
        nothingToOffer ||
        (rawErrors?.length ?? 0) > 0
      }
      helperText={versionHelperText(choices, schema.description, chosen)}
      disabled={loading || nothingToOffer || (!!upgradeField && !cluster)}
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
