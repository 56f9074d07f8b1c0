import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { InsightsRefreshResponse } from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../api';
import { RelativeTime } from '../shared';

/** How often a running refresh is asked about, in ms. */
export const INSIGHTS_REFRESH_POLL_MS = 2000;

/** The backend's own words for a failure, not "Request failed with 400". */
function messageOf(error: Error): string {
  return error instanceof ResponseError && error.body?.error?.message
    ? error.body.error.message
    : error.message;
}

function RefreshStatus(props: { answer?: InsightsRefreshResponse }) {
  const refresh = props.answer?.refresh;
  switch (refresh?.status) {
    case 'IN_PROGRESS':
      return (
        <>
          EKS is refreshing the insights (started{' '}
          <RelativeTime value={refresh.startedAt} />
          )…
        </>
      );
    case 'COMPLETED':
      return (
        <>
          Insights refreshed on demand <RelativeTime value={refresh.endedAt} />.
        </>
      );
    case 'FAILED':
      return (
        <>
          The insights refresh failed
          {refresh.message ? `: ${refresh.message}` : ''}.
        </>
      );
    default:
      return <>EKS refreshes insights once a day.</>;
  }
}

/** What {@link useInsightsRefresh} gives the control. */
interface InsightsRefreshState {
  answer?: InsightsRefreshResponse;
  error?: Error;
  starting: boolean;
  running: boolean;
  start: () => void;
}

/**
 * The latest on-demand refresh of the entity's cluster's insights, polled
 * while one runs, and `start` to begin one; `onCompleted` runs once a
 * refresh started here has completed.
 */
function useInsightsRefresh(
  entity: Entity,
  onCompleted: () => void,
): InsightsRefreshState {
  const eksApi = useApi(eksApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const [answer, setAnswer] = useState<InsightsRefreshResponse>();
  const [error, setError] = useState<Error>();
  const [starting, setStarting] = useState(false);
  // a refresh started from this page: its completion reloads the document
  const startedHere = useRef(false);
  const completed = useRef(onCompleted);
  completed.current = onCompleted;

  const show = useCallback((next: InsightsRefreshResponse) => {
    setAnswer(next);
    setError(undefined);
    if (next.refresh.status !== 'IN_PROGRESS' && startedHere.current) {
      startedHere.current = false;
      if (next.refresh.status === 'COMPLETED') completed.current();
    }
  }, []);

  useEffect(() => {
    let stale = false;
    eksApi
      .getInsightsRefresh({ kind, namespace, name })
      .then(next => !stale && show(next))
      .catch(e => !stale && setError(e));
    return () => {
      stale = true;
    };
  }, [eksApi, kind, namespace, name, show]);

  const running = answer?.refresh.status === 'IN_PROGRESS';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => {
      eksApi
        .getInsightsRefresh({ kind, namespace, name })
        .then(show)
        .catch(setError);
    }, INSIGHTS_REFRESH_POLL_MS);
    return () => clearInterval(timer);
  }, [running, eksApi, kind, namespace, name, show]);

  const start = async () => {
    setStarting(true);
    try {
      startedHere.current = true;
      show(await eksApi.startInsightsRefresh({ kind, namespace, name }));
    } catch (e) {
      startedHere.current = false;
      setError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  return { answer, error, starting, running, start };
}

/**
 * The insights' on-demand refresh (StartInsightsRefresh): its status, and a
 * button for users with the eks.cluster.insights.refresh permission on the
 * entity. While a refresh runs its status is polled; once it has completed,
 * `onCompleted` reloads the health document with the refreshed insights.
 */
export function InsightsRefresh(props: {
  entity: Entity;
  onCompleted: () => void;
}) {
  const { answer, error, starting, running, start } = useInsightsRefresh(
    props.entity,
    props.onCompleted,
  );
  const canRefresh = answer?.canRefresh === true;
  return (
    <Box display="flex" alignItems="center" gridGap={16} mb={2}>
      <Typography variant="body2" color="textSecondary">
        {error ? (
          `Could not refresh the insights: ${messageOf(error)}`
        ) : (
          <RefreshStatus answer={answer} />
        )}
        {answer && !canRefresh && (
          <>
            {' '}
            Refreshing them now needs the eks.cluster.insights.refresh
            permission.
          </>
        )}
      </Typography>
      {canRefresh && (
        <Button
          variant="outlined"
          size="small"
          startIcon={<RefreshIcon />}
          onClick={start}
          disabled={starting || running}
        >
          {running || starting ? 'Refreshing insights…' : 'Refresh insights'}
        </Button>
      )}
    </Box>
  );
}
