import { useCallback, useEffect, useMemo } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useApi } from '@backstage/core-plugin-api';
import { eksApiRef } from '../api';
import { makeFleetView, type FleetView } from '../lib/fleetView';

/** The fleet, with what the views need computed once per answer. */
export interface FleetState {
  view?: FleetView;
  loading: boolean;
  error?: Error;
  reload: () => void;
}

export function useFleet(): FleetState {
  const eksApi = useApi(eksApiRef);
  const [state, load] = useAsyncFn(() => eksApi.getFleet(), [eksApi]);
  useEffect(() => {
    load();
  }, [load]);
  const response = state.value;
  // attention reasons, add-ons behind and filter options: once per answer
  const view = useMemo(
    () => (response ? makeFleetView(response) : undefined),
    [response],
  );
  const reload = useCallback(() => {
    load();
  }, [load]);
  return {
    view,
    loading: state.loading && !view,
    error: state.error,
    reload,
  };
}
