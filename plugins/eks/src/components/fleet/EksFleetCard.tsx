import { useMemo, useState } from 'react';
import { Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { sortFleetRows } from '@backstage-eks/plugin-eks-common';
import { useFleet } from '../../hooks/useFleet';
import { fleetRowBelongsTo } from '../../lib/fleetView';
import { FleetTable } from './FleetTable';
import { fleetPageSearchFor } from './fleetQuery';

/** Where the fleet page is mounted unless told otherwise. */
export const DEFAULT_FLEET_PAGE_PATH = '/eks-fleet';

const CARD_PAGE_SIZE = 5;

/**
 * The EKS clusters of a System or Group entity (rows whose system or owner
 * is the entity): the fleet table's main columns, those needing attention
 * first, and a link to the fleet page showing them.
 */
export function EksFleetCard(props: { fleetPagePath?: string }) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { view, loading, error } = useFleet();
  const [page, setPage] = useState(0);
  const rows = useMemo(() => {
    if (!view) return [];
    const own = view.response.rows.filter(row =>
      fleetRowBelongsTo(row, entityRef),
    );
    const needing = (row: (typeof own)[number]) =>
      (view.derived.get(row)?.reasons.length ?? 0) > 0;
    const sorted = sortFleetRows(own, 'name');
    return [...sorted.filter(needing), ...sorted.filter(r => !needing(r))];
  }, [view, entityRef]);

  const needingAttention = view
    ? rows.filter(row => (view.derived.get(row)?.reasons.length ?? 0) > 0)
        .length
    : 0;
  const path = props.fleetPagePath ?? DEFAULT_FLEET_PAGE_PATH;
  return (
    <InfoCard
      title="EKS clusters"
      subheader={
        view
          ? `${rows.length} cluster${
              rows.length === 1 ? '' : 's'
            }, ${needingAttention} need${
              needingAttention === 1 ? 's' : ''
            } attention`
          : undefined
      }
      deepLink={{
        title: 'View in the fleet page',
        link: `${path}${fleetPageSearchFor(entityRef)}`,
      }}
    >
      {loading ? <Progress /> : null}
      {error ? <ResponseErrorPanel error={error} /> : null}
      {view && rows.length === 0 ? (
        <Typography variant="body2">
          No EKS cluster of the fleet belongs to {entityRef} (by its system or
          owner). <Link to={path}>All clusters</Link>
        </Typography>
      ) : null}
      {view && rows.length > 0 ? (
        <FleetTable
          view={view}
          rows={rows}
          compact
          page={page}
          pageSize={CARD_PAGE_SIZE}
          onPage={setPage}
        />
      ) : null}
    </InfoCard>
  );
}
