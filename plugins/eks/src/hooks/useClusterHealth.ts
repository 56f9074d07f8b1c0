import { useCallback, useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  ClusterHealth,
  versionChangeInProgress,
} from '@backstage-eks/plugin-eks-common';
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

/**
 * How often the document is reloaded while a version update, rollback or
 * node group version update runs (the backend keeps such documents 5 s).
 */
export const VERSION_CHANGE_POLL_MS = 10_000;

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

  // While a version change runs, its progress is followed: the document is
  // loaded again (from the backend's short-lived cache) after each answer.
  const health = state.value;
  const changing =
    !!health?.upgrade?.data && versionChangeInProgress(health.upgrade.data);
  useEffect(() => {
    if (!changing || state.loading) return undefined;
    const timer = setTimeout(() => load(false), VERSION_CHANGE_POLL_MS);
    return () => clearTimeout(timer);
  }, [changing, health, state.loading, load]);

  return {
    health: state.value,
    loading: state.loading && !state.value,
    refreshing: state.loading && !!state.value,
    error: state.error,
    refresh,
  };
}
