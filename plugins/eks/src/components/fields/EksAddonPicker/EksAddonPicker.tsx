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
import { EksAddonPickerProps, EksAddonSelection } from './schema';

function asList(value: unknown): (EksAddonSelection | undefined)[] {
  if (Array.isArray(value)) {
    return value as EksAddonSelection[];
  }
  return value ? [value as EksAddonSelection] : [];
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
  const defaultVersion = options.defaultVersion ?? 'latest';
  const formValues = allFormData(formContext);
  const { region, accountId } = resolveTarget(options, formValues);
  const eksApi = useApi(eksApiRef);
  // A malformed account id or region is that field's problem: not asked.
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

  const catalog = catalogState.value ?? [];
  const failure = kubernetesVersionState.error ?? catalogState.error;
  const problem =
    badTarget ??
    (failure ? describeLoadError(failure, { accountId }) : undefined);
  const loading = kubernetesVersionState.loading || catalogState.loading;
  const [adding, setAdding] = useState(false);
  const rows = asList(formData).filter(
    (row): row is EksAddonSelection => !!row,
  );
  // In a list, an empty row waits for a pick when the list is empty or the
  // user asked for one more.
  let shown: (EksAddonSelection | undefined)[];
  if (multiple) {
    shown = adding || rows.length === 0 ? [...rows, undefined] : rows;
  } else {
    shown = [rows[0]];
  }
  const taken = rows.map(row => row.name);

  const emit = (next: (EksAddonSelection | undefined)[]) => {
    const chosen = next.filter((row): row is EksAddonSelection => !!row);
    setAdding(false);
    if (multiple) {
      onChange(chosen);
    } else {
      onChange(chosen[0]);
    }
  };

  let status: string;
  if (problem) {
    status = loadProblemText(problem, 'add-ons');
  } else if (loading) {
    status = 'Loading the add-ons EKS offers…';
  } else {
    status = `${catalog.length} add-ons available for Kubernetes ${
      kubernetesVersion ?? '(any version)'
    }`;
  }

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
          catalog={catalog}
          value={row}
          taken={taken}
          loading={loading}
          defaultVersion={defaultVersion}
          required={required && index === 0}
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
      <FormHelperText error={isOwnLoadFailure(problem)}>
        {status}
      </FormHelperText>
    </Box>
  );
}
