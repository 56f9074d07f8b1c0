import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { eksApiRef } from '../../../api';
import { allFormData, resolveTarget } from '../formContext';
import {
  describeLoadError,
  isOwnLoadFailure,
  LoadProblem,
  loadProblemText,
} from '../loadErrors';
import { EksClusterPickerProps } from './schema';
import {
  ClusterOption,
  clusterLabel,
  loadAwsClusters,
  loadCatalogClusters,
} from './clusterOptions';

/** The clusters to pick from: the catalog's, or EKS's in the account and region. */
function useClusterOptions(
  source: string,
  region?: string,
  accountId?: string,
) {
  const catalogApi = useApi(catalogApiRef);
  const eksApi = useApi(eksApiRef);
  return useAsync(
    () =>
      source === 'aws'
        ? loadAwsClusters(eksApi, { region, accountId })
        : loadCatalogClusters(catalogApi, { region, accountId }),
    [source, region, accountId, catalogApi, eksApi],
  );
}

/** What the line under the input says: a load problem, or that none were found. */
function clusterHelperText(state: {
  description: string | undefined;
  where: string;
  problem: LoadProblem | undefined;
  loading: boolean;
  count: number;
  region: string | undefined;
  accountId: string | undefined;
}): string | undefined {
  const { where, problem, region, accountId } = state;
  if (problem) {
    return loadProblemText(problem, `clusters ${where}`);
  }
  if (!state.loading && state.count === 0) {
    return `No EKS clusters found ${where}${
      region || accountId
        ? ` for ${[accountId, region].filter(Boolean).join(' / ')}`
        : ''
    }`;
  }
  return state.description;
}

/**
 * Picks an EKS cluster from the catalog or from an account and region, and
 * emits its name or ARN.
 *
 * @public
 */
export function EksClusterPicker(props: EksClusterPickerProps) {
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
  const options = uiSchema?.['ui:options'] ?? {};
  const source = options.source ?? 'catalog';
  const output = options.output ?? 'name';
  const { region, accountId } = resolveTarget(
    options,
    allFormData(formContext),
  );
  const {
    value: clusters = [],
    loading,
    error,
  } = useClusterOptions(source, region, accountId);

  const emitted = (cluster: ClusterOption) =>
    output === 'arn' ? cluster.arn : cluster.name;
  const selected =
    clusters.find(cluster => emitted(cluster) === formData) ?? null;

  // A single cluster is the obvious choice.
  useEffect(() => {
    if (!formData && required && clusters.length === 1) {
      onChange(emitted(clusters[0]));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clusters, formData, required]);

  // an account or region the backend refuses is that field's problem
  const problem = error ? describeLoadError(error, { accountId }) : undefined;
  const helperText = clusterHelperText({
    description: schema.description,
    where: source === 'aws' ? 'in EKS' : 'in the catalog',
    problem,
    loading,
    count: clusters.length,
    region,
    accountId,
  });

  return (
    <Autocomplete<ClusterOption>
      id={idSchema?.$id}
      options={clusters}
      loading={loading}
      value={selected}
      getOptionLabel={clusterLabel}
      getOptionSelected={(a, b) => a.arn === b.arn}
      onChange={(_event, cluster) =>
        onChange(cluster ? emitted(cluster) : undefined)
      }
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title ?? 'EKS cluster'}
          margin="dense"
          variant="outlined"
          required={required}
          error={isOwnLoadFailure(problem) || (rawErrors?.length ?? 0) > 0}
          helperText={helperText}
          FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
        />
      )}
    />
  );
}
