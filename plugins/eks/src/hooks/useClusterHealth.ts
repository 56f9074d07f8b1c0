import { useCallback, useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../api';

/** The health document of the cluster an entity stands for. */
export interface ClusterHealthState {
  health?: ClusterHealth;
  /** The first load, with nothing to show yet. */
  loading: boolean;
  /** A refresh on top of a document already shown. */
  refreshing: boolean;
  error?: Error;
  /** Loads the document again, bypassing the backend's cache. */
  refresh: () => void;
}

export function useClusterHealth(entity: Entity): ClusterHealthState {
  const eksApi = useApi(eksApiRef);
  const ref: CompoundEntityRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = ref;
  const [state, load] = useAsyncFn(
    (refresh: boolean) =>
      eksApi.getClusterHealth({ kind, namespace, name }, { refresh }),
    [eksApi, kind, namespace, name],
  );

  useEffect(() => {
    load(false);
  }, [load]);

  const refresh = useCallback(() => {
    load(true);
  }, [load]);

  return {
    health: state.value,
    loading: state.loading && !state.value,
    refreshing: state.loading && !!state.value,
    error: state.error,
    refresh,
  };
}
