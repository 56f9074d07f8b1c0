import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Button, FormHelperText, Typography } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useApi } from '@backstage/core-plugin-api';
import { eksApiRef } from '../../../api';
import {
  allFormData,
  resolveKubernetesVersion,
  resolveTarget,
} from '../formContext';
import {
  describeLoadError,
  isOwnLoadFailure,
  loadProblemText,
  targetProblem,
} from '../loadErrors';
import { AddonRow } from './AddonRow';
import {
  EksAddonPickerProps,
  EksAddonPickerUiOptions,
  EksAddonSelection,
} from './schema';

function asList(value: unknown): (EksAddonSelection | undefined)[] {
  if (Array.isArray(value)) {
    return value as EksAddonSelection[];
  }
  return value ? [value as EksAddonSelection] : [];
}

/**
 * The add-ons EKS offers for the cluster's Kubernetes version (resolved
 * first), by name; a malformed account id or region is that field's problem
 * and nothing is asked.
 */
function useAddonCatalog(
  options: EksAddonPickerUiOptions,
  formValues: Record<string, unknown>,
) {
  const { region, accountId } = resolveTarget(options, formValues);
  const eksApi = useApi(eksApiRef);
  const badTarget = targetProblem({ region, accountId });

  const kubernetesVersionState = useAsync(
    async () =>
      badTarget
        ? undefined
        : resolveKubernetesVersion(eksApi, options, formValues),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      eksApi,
      options.kubernetesVersion,
      formValues[options.kubernetesVersionField ?? 'kubernetesVersion'],
      formValues[options.clusterField ?? 'cluster'],
      region,
      accountId,
      badTarget?.message,
    ],
  );
  const kubernetesVersion = kubernetesVersionState.value;
  const catalogState = useAsync(async () => {
    if (kubernetesVersionState.loading || badTarget) {
      return [];
    }
    const response = await eksApi.getAddonVersions({
      kubernetesVersion,
      region,
      accountId,
    });
    return [...response.addons].sort((a, b) => a.name.localeCompare(b.name));
  }, [
    eksApi,
    kubernetesVersion,
    kubernetesVersionState.loading,
    region,
    accountId,
    badTarget?.message,
  ]);

  const failure = kubernetesVersionState.error ?? catalogState.error;
  return {
    catalog: catalogState.value ?? [],
    target: { region, accountId },
    kubernetesVersion,
    problem:
      badTarget ??
      (failure ? describeLoadError(failure, { accountId }) : undefined),
    loading: kubernetesVersionState.loading || catalogState.loading,
  };
}

type AddonCatalog = ReturnType<typeof useAddonCatalog>;

function catalogStatus(state: AddonCatalog): string {
  if (state.problem) {
    return loadProblemText(state.problem, 'add-ons');
  }
  if (state.loading) {
    return 'Loading the add-ons EKS offers…';
  }
  return `${state.catalog.length} add-ons available for Kubernetes ${
    state.kubernetesVersion ?? '(any version)'
  }`;
}

/**
 * The rows shown: in a list, an empty row waits for a pick when the list is
 * empty or the user asked for one more.
 */
function shownRows(
  rows: EksAddonSelection[],
  multiple: boolean,
  adding: boolean,
): (EksAddonSelection | undefined)[] {
  if (multiple) {
    return adding || rows.length === 0 ? [...rows, undefined] : rows;
  }
  return [rows[0]];
}

/**
 * Picks one or several EKS add-ons compatible with the cluster's Kubernetes
 * version, each with a version choice: latest, EKS's default, or exact.
 *
 * @public
 */
export function EksAddonPicker(props: EksAddonPickerProps) {
  const {
    onChange,
    formData,
    uiSchema,
    rawErrors,
    required,
    schema,
    formContext,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const multiple = options.multiple ?? false;
  const state = useAddonCatalog(options, allFormData(formContext));
  const [adding, setAdding] = useState(false);
  const rows = asList(formData).filter(
    (row): row is EksAddonSelection => !!row,
  );
  const shown = shownRows(rows, multiple, adding);

  const emit = (next: (EksAddonSelection | undefined)[]) => {
    const chosen = next.filter((row): row is EksAddonSelection => !!row);
    setAdding(false);
    onChange(multiple ? chosen : chosen[0]);
  };

  return (
    <Box>
      <Typography variant="subtitle1" component="label">
        {schema.title ?? (multiple ? 'EKS add-ons' : 'EKS add-on')}
        {required ? ' *' : ''}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {shown.map((row, index) => (
        <AddonRow
          key={row?.name ?? `new-${index}`}
          index={index}
          catalog={state.catalog}
          value={row}
          taken={rows.map(r => r.name)}
          loading={state.loading}
          defaultVersion={options.defaultVersion ?? 'latest'}
          required={required && index === 0}
          kubernetesVersion={state.kubernetesVersion}
          target={state.target}
          error={(rawErrors?.length ?? 0) > 0}
          onChange={value => {
            const next = [...shown];
            next[index] = value;
            emit(next);
          }}
          onRemove={
            multiple
              ? () => emit(shown.filter((_, i) => i !== index))
              : undefined
          }
        />
      ))}
      {multiple && (
        <Button
          size="small"
          startIcon={<AddIcon />}
          disabled={shown.some(row => !row)}
          onClick={() => setAdding(true)}
        >
          Add an add-on
        </Button>
      )}
      <FormHelperText error={isOwnLoadFailure(state.problem)}>
        {catalogStatus(state)}
      </FormHelperText>
    </Box>
  );
}
