import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Box,
  Button,
  Chip,
  FormControl,
  FormControlLabel,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Switch,
  TextField,
  Typography,
} from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import {
  filterFleetRows,
  sortFleetRows,
  type FleetFilter,
  type FleetSortKey,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../api';
import { useFleet } from '../../hooks/useFleet';
import { fleetRowBelongsTo, type FleetView } from '../../lib/fleetView';
import { formatRelativeTime } from '../../lib/relativeTime';
import { FailedRegions } from './FailedRegions';
import { FleetTable } from './FleetTable';
import { readFleetQuery, writeFleetQuery, type FleetQuery } from './fleetQuery';

const PAGE_SIZES = [25, 50, 100];

type SelectFilter = 'accountId' | 'region' | 'owner' | 'version';

const SELECT_LABELS: Record<SelectFilter, string> = {
  accountId: 'Account',
  region: 'Region',
  owner: 'Owner',
  version: 'Version',
};

/** Downloads the backend's CSV of the whole fleet with the user's credentials. */
function useCsvDownload() {
  const eksApi = useApi(eksApiRef);
  const errorApi = useApi(errorApiRef);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const blob = await eksApi.getFleetCsv();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'eks-fleet.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      errorApi.post(error as Error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}

function FilterSelect(props: {
  name: SelectFilter;
  options: string[];
  value?: string;
  onChange: (value: string | undefined) => void;
}) {
  const { name, options, value, onChange } = props;
  return (
    <FormControl fullWidth>
      <InputLabel id={`fleet-filter-${name}`}>{SELECT_LABELS[name]}</InputLabel>
      <Select
        labelId={`fleet-filter-${name}`}
        value={value ?? ''}
        onChange={e => onChange((e.target.value as string) || undefined)}
      >
        <MenuItem value="">
          <em>All</em>
        </MenuItem>
        {options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function CsvButton() {
  const csv = useCsvDownload();
  return (
    <Button
      variant="outlined"
      startIcon={<GetAppIcon />}
      onClick={csv.download}
      disabled={csv.busy}
      title="Every cluster of the fleet as CSV (the filters are not applied)"
    >
      CSV
    </Button>
  );
}

function FleetFilters(props: {
  view: FleetView;
  query: FleetQuery;
  onChange: (query: FleetQuery) => void;
  shown: number;
}) {
  const { view, query, onChange, shown } = props;
  const setFilter = (patch: Partial<FleetFilter>) =>
    onChange({ ...query, filter: { ...query.filter, ...patch } });
  return (
    <Grid container spacing={2} alignItems="center" data-testid="fleet-filters">
      <Grid item xs={12} md={3}>
        <TextField
          fullWidth
          label="Search"
          placeholder="Name, ARN, owner, system, account, region"
          value={query.filter.search ?? ''}
          onChange={e => setFilter({ search: e.target.value || undefined })}
          inputProps={{ 'aria-label': 'Search clusters' }}
        />
      </Grid>
      {(Object.keys(SELECT_LABELS) as SelectFilter[]).map(name => (
        <Grid item xs={6} md={name === 'owner' ? 2 : 1} key={name}>
          <FilterSelect
            name={name}
            options={view.options[name]}
            value={query.filter[name]}
            onChange={value => setFilter({ [name]: value })}
          />
        </Grid>
      ))}
      <Grid item xs={6} md={2}>
        <FormControlLabel
          control={
            <Switch
              checked={query.filter.needsAttention === true}
              onChange={e =>
                setFilter({ needsAttention: e.target.checked || undefined })
              }
              color="primary"
            />
          }
          label={`Needs attention (${view.needingAttention})`}
        />
      </Grid>
      <Grid item xs={6} md={1}>
        <CsvButton />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary" component="div">
          {shown === view.response.rows.length
            ? `${shown} clusters`
            : `${shown} of ${view.response.rows.length} clusters`}
          {query.entity ? (
            <Chip
              size="small"
              style={{ marginLeft: 8 }}
              label={`Clusters of ${query.entity}`}
              onDelete={() => onChange({ ...query, entity: undefined })}
            />
          ) : null}
        </Typography>
      </Grid>
    </Grid>
  );
}

/** The rows the page's query keeps, sorted: eks-common's filters and sort keys. */
function useFleetRows(view: FleetView | undefined, query: FleetQuery) {
  return useMemo(() => {
    if (!view) return [];
    const { entity } = query;
    const ofEntity = entity
      ? view.response.rows.filter(row => fleetRowBelongsTo(row, entity))
      : view.response.rows;
    return sortFleetRows(
      filterFleetRows(ofEntity, query.filter, view.now, view.fleetNewest),
      query.sort.key,
      query.sort.direction,
    );
  }, [view, query]);
}

function FleetSummary(props: { view: FleetView }) {
  const { view } = props;
  const generated =
    formatRelativeTime(view.response.generatedAt, view.now.getTime()) ??
    view.response.generatedAt;
  return (
    <Typography variant="body2" color="textSecondary">
      {view.response.rows.length} clusters in {view.response.regions.length}{' '}
      account regions · {view.needingAttention} need attention · snapshot from{' '}
      <time dateTime={view.response.generatedAt}>{generated}</time>
    </Typography>
  );
}

/**
 * The fleet page's content (below the page header): every cluster of every
 * configured account and region from the backend's last refresh, filtered,
 * searched and sorted with eks-common's fleet rules, paged; the failed
 * account regions with their errors; the CSV export.
 */
export function EksFleetPageContent() {
  const { view, loading, error } = useFleet();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readFleetQuery(params), [params]);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const rows = useFleetRows(view, query);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!view) return null;

  const change = (next: FleetQuery) => {
    setParams(writeFleetQuery(next), { replace: true });
    setPage(0);
  };
  const onSort = (key: FleetSortKey) => {
    const again = query.sort.key === key && query.sort.direction === 'asc';
    change({ ...query, sort: { key, direction: again ? 'desc' : 'asc' } });
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <FleetSummary view={view} />
      </Grid>
      {view.response.regions.some(r => r.error) ? (
        <Grid item xs={12}>
          <FailedRegions regions={view.response.regions} now={view.now} />
        </Grid>
      ) : null}
      <Grid item xs={12}>
        <InfoCard>
          <Box mb={2}>
            <FleetFilters
              view={view}
              query={query}
              onChange={change}
              shown={rows.length}
            />
          </Box>
          <FleetTable
            view={view}
            rows={rows}
            sort={query.sort}
            onSort={onSort}
            page={page}
            pageSize={pageSize}
            pageSizeOptions={PAGE_SIZES}
            onPage={setPage}
            onPageSize={size => {
              setPageSize(size);
              setPage(0);
            }}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
