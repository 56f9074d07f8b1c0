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
import {
  fleetRowKey,
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
    },
  },
  reasons: {
    margin: 0,
    paddingLeft: theme.spacing(2),
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
  cell: (row: FleetClusterRow, view: FleetView) => ReactNode;
}

function Reasons(props: { reasons: string[] }) {
  const classes = useStyles();
  if (props.reasons.length === 0) return <>—</>;
  return (
    <ul className={classes.reasons}>
      {props.reasons.map((reason, i) => (
        <li key={i}>
          <Typography variant="caption">{reason}</Typography>
        </li>
      ))}
    </ul>
  );
}

const COLUMNS: FleetColumn[] = [
  {
    id: 'name',
    title: 'Cluster',
    sortKey: 'name',
    compact: true,
    cell: row => <ClusterName row={row} />,
  },
  {
    id: 'account',
    title: 'Account',
    sortKey: 'accountId',
    compact: true,
    cell: row => row.accountId,
  },
  {
    id: 'region',
    title: 'Region',
    sortKey: 'region',
    compact: true,
    cell: row => row.region,
  },
  {
    id: 'owner',
    title: 'Owner',
    sortKey: 'owner',
    cell: row => row.owner ?? '—',
  },
  {
    id: 'version',
    title: 'Version',
    sortKey: 'version',
    compact: true,
    cell: row => <VersionCell row={row} />,
  },
  {
    id: 'support',
    title: 'Support',
    sortKey: 'standardUntil',
    compact: true,
    cell: row => <Lines lines={supportText(row)} />,
  },
  {
    id: 'readiness',
    title: 'Next version',
    sortKey: 'readinessErrors',
    cell: row => readinessText(row),
  },
  {
    id: 'karpenter',
    title: 'Karpenter',
    cell: row => karpenterText(row),
  },
  {
    id: 'addons',
    title: 'Add-ons behind',
    cell: (row, view) => (
      <Lines lines={addonLines(view.derived.get(row)?.behind ?? [])} />
    ),
  },
  {
    id: 'diagnostics',
    title: 'Diagnostics',
    sortKey: 'diagnostics',
    cell: row => diagnosticsText(row),
  },
  {
    id: 'verdict',
    title: 'Health',
    sortKey: 'verdict',
    compact: true,
    cell: row => <VerdictCell verdict={row.verdict} />,
  },
  {
    id: 'refreshed',
    title: 'Refreshed',
    sortKey: 'refreshedAt',
    compact: true,
    cell: (row, view) => <RowAge row={row} now={view.now} />,
  },
  {
    id: 'attention',
    title: 'Needs attention',
    compact: true,
    cell: (row, view) => (
      <Reasons reasons={view.derived.get(row)?.reasons ?? []} />
    ),
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
  const columns = compact ? COLUMNS.filter(c => c.compact) : COLUMNS;
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
                    <TableCell key={column.id}>
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
