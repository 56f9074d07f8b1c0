import { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  fleetRowKey,
  type FleetAddon,
  type FleetClusterRow,
  type FleetSortKey,
} from '@backstage-eks/plugin-eks-common';
import type { FleetView } from '../../lib/fleetView';
import {
  ClusterName,
  Lines,
  RowAge,
  VerdictCell,
  VersionCell,
  addonLines,
  diagnosticsText,
  karpenterText,
  readinessText,
  supportText,
} from './fleetCells';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': {
      verticalAlign: 'top',
      padding: theme.spacing(0.75, 1),
      fontSize: '0.8125rem',
    },
    '& th': {
      whiteSpace: 'nowrap',
    },
  },
  nowrap: {
    whiteSpace: 'nowrap',
  },
  wide: {
    minWidth: 180,
  },
  reasons: {
    margin: 0,
    paddingLeft: theme.spacing(2),
    minWidth: 260,
    maxWidth: 420,
  },
  attention: {
    background: theme.palette.type === 'dark' ? undefined : '#fffbf0',
  },
}));

/** A column of the fleet table: its header, sort key and cell. */
interface FleetColumn {
  id: string;
  title: string;
  sortKey?: FleetSortKey;
  compact?: boolean;
  /** Only in the compact table (a card). */
  compactOnly?: boolean;
  /** `nowrap`: short values kept on one line; `wide`: lists given room. */
  layout?: 'nowrap' | 'wide';
  cell: (row: FleetClusterRow, view: FleetView) => ReactNode;
}

/** The owner as the catalog reads `spec.owner` (a Group unless it says otherwise). */
function OwnerLink(props: { owner?: string }) {
  const { owner } = props;
  if (!owner) return <>—</>;
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return <>{owner}</>;
  }
  return <EntityRefLink entityRef={ref} defaultKind="group" />;
}

/** How many reasons or add-ons a cell lists before "and N more". */
const SHOWN_ITEMS = 2;

function Reasons(props: { reasons: string[] }) {
  const classes = useStyles();
  const { reasons } = props;
  if (reasons.length === 0) return <>—</>;
  return (
    <ul className={classes.reasons} title={reasons.join('\n')}>
      {reasons.slice(0, SHOWN_ITEMS).map((reason, i) => (
        <li key={i}>
          <Typography variant="caption">{reason}</Typography>
        </li>
      ))}
      {reasons.length > SHOWN_ITEMS ? (
        <Typography variant="caption" color="textSecondary">
          and {reasons.length - SHOWN_ITEMS} more
        </Typography>
      ) : null}
    </ul>
  );
}

function AddonsBehind(props: { behind: FleetAddon[] }) {
  const { behind } = props;
  if (behind.length === 0) return <>—</>;
  return (
    <div title={addonLines(behind).join('\n')}>
      <Lines
        lines={[
          `${behind.length} behind`,
          `${behind
            .slice(0, 3)
            .map(a => a.name)
            .join(', ')}${behind.length > 3 ? '…' : ''}`,
        ]}
      />
    </div>
  );
}

const COLUMNS: FleetColumn[] = [
  {
    id: 'name',
    layout: 'nowrap',
    title: 'Cluster',
    sortKey: 'name',
    compact: true,
    cell: row => <ClusterName row={row} />,
  },
  {
    id: 'account',
    layout: 'nowrap',
    title: 'Account',
    sortKey: 'accountId',
    compact: true,
    cell: row => row.accountId,
  },
  {
    id: 'region',
    layout: 'nowrap',
    title: 'Region',
    sortKey: 'region',
    compact: true,
    cell: row => row.region,
  },
  {
    id: 'owner',
    title: 'Owner',
    sortKey: 'owner',
    layout: 'nowrap',
    cell: row => <OwnerLink owner={row.owner} />,
  },
  {
    id: 'version',
    layout: 'nowrap',
    title: 'Version',
    sortKey: 'version',
    compact: true,
    cell: row => <VersionCell row={row} />,
  },
  {
    id: 'verdict',
    layout: 'nowrap',
    title: 'Health',
    sortKey: 'verdict',
    compact: true,
    cell: row => <VerdictCell verdict={row.verdict} />,
  },
  {
    id: 'attentionCount',
    title: 'Needs attention',
    compact: true,
    compactOnly: true,
    layout: 'nowrap',
    cell: (row, view) => {
      const reasons = view.derived.get(row)?.reasons ?? [];
      if (reasons.length === 0) return '—';
      return (
        <span title={reasons.join('\n')}>
          {reasons.length} reason{reasons.length === 1 ? '' : 's'}
        </span>
      );
    },
  },
  {
    id: 'attention',
    title: 'Needs attention',
    cell: (row, view) => (
      <Reasons reasons={view.derived.get(row)?.reasons ?? []} />
    ),
  },
  {
    id: 'support',
    layout: 'wide',
    title: 'Support',
    sortKey: 'standardUntil',
    compact: true,
    cell: row => <Lines lines={supportText(row)} />,
  },
  {
    id: 'readiness',
    layout: 'nowrap',
    title: 'Next version',
    sortKey: 'readinessErrors',
    cell: row => readinessText(row),
  },
  {
    id: 'karpenter',
    layout: 'nowrap',
    title: 'Karpenter',
    cell: row => karpenterText(row),
  },
  {
    id: 'addons',
    title: 'Add-ons behind',
    layout: 'wide',
    cell: (row, view) => (
      <AddonsBehind behind={view.derived.get(row)?.behind ?? []} />
    ),
  },
  {
    id: 'diagnostics',
    layout: 'nowrap',
    title: 'Diagnostics',
    sortKey: 'diagnostics',
    cell: row => diagnosticsText(row),
  },
  {
    id: 'refreshed',
    layout: 'nowrap',
    title: 'Refreshed',
    sortKey: 'refreshedAt',
    compact: true,
    cell: (row, view) => <RowAge row={row} now={view.now} />,
  },
];

function FleetTableHead(props: {
  columns: FleetColumn[];
  sort?: { key: FleetSortKey; direction: 'asc' | 'desc' };
  onSort?: (key: FleetSortKey) => void;
}) {
  const { columns, sort, onSort } = props;
  return (
    <TableHead>
      <TableRow>
        {columns.map(column => (
          <TableCell
            key={column.id}
            sortDirection={
              sort && column.sortKey === sort.key ? sort.direction : false
            }
          >
            {column.sortKey && onSort ? (
              <TableSortLabel
                active={sort?.key === column.sortKey}
                direction={
                  sort?.key === column.sortKey ? sort.direction : 'asc'
                }
                onClick={() => onSort(column.sortKey!)}
              >
                {column.title}
              </TableSortLabel>
            ) : (
              column.title
            )}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}

/** The fleet's rows, one page of them, with sortable headers and pagination. */
export function FleetTable(props: {
  view: FleetView;
  rows: FleetClusterRow[];
  sort?: { key: FleetSortKey; direction: 'asc' | 'desc' };
  onSort?: (key: FleetSortKey) => void;
  page: number;
  pageSize: number;
  pageSizeOptions?: number[];
  onPage: (page: number) => void;
  onPageSize?: (pageSize: number) => void;
  compact?: boolean;
}) {
  const classes = useStyles();
  const { view, rows, sort, onSort, page, pageSize, compact } = props;
  const columns = compact
    ? COLUMNS.filter(c => c.compact)
    : COLUMNS.filter(c => !c.compactOnly);
  const lastPage = Math.max(0, Math.ceil(rows.length / pageSize) - 1);
  const shownPage = Math.min(page, lastPage);
  const shown = rows.slice(shownPage * pageSize, (shownPage + 1) * pageSize);
  return (
    <>
      <div style={{ overflowX: 'auto' }}>
        <Table size="small" className={classes.table} aria-label="EKS fleet">
          <FleetTableHead columns={columns} sort={sort} onSort={onSort} />
          <TableBody>
            {shown.length === 0 ? (
              <TableRow>
                <TableCell colSpan={columns.length} align="center">
                  No clusters match.
                </TableCell>
              </TableRow>
            ) : (
              shown.map(row => (
                <TableRow
                  key={fleetRowKey(row)}
                  data-testid="fleet-row"
                  className={
                    view.derived.get(row)?.reasons.length
                      ? classes.attention
                      : undefined
                  }
                >
                  {columns.map(column => (
                    <TableCell
                      key={column.id}
                      data-column={column.id}
                      className={
                        column.layout ? classes[column.layout] : undefined
                      }
                    >
                      {column.cell(row, view)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {rows.length > pageSize || props.onPageSize ? (
        <TablePagination
          component="div"
          count={rows.length}
          page={shownPage}
          rowsPerPage={pageSize}
          rowsPerPageOptions={props.pageSizeOptions ?? [pageSize]}
          onPageChange={(_event, next) => props.onPage(next)}
          onRowsPerPageChange={event =>
            props.onPageSize?.(Number(event.target.value))
          }
        />
      ) : null}
    </>
  );
}
