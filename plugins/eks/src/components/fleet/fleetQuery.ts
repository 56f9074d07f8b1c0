import {
  FLEET_SORT_KEYS,
  type FleetFilter,
  type FleetSortKey,
} from '@backstage-eks/plugin-eks-common';

/** The fleet page's state in its URL: filters, search, the entity and the sort. */
export interface FleetQuery {
  filter: FleetFilter;
  /** Only the clusters of this System or Group (or User): `?entity=group:default/team-a`. */
  entity?: string;
  sort: { key: FleetSortKey; direction: 'asc' | 'desc' };
}

/** The URL parameters of each filter. */
export const FLEET_QUERY_PARAMS = {
  accountId: 'account',
  region: 'region',
  owner: 'owner',
  version: 'version',
  needsAttention: 'attention',
  search: 'q',
  entity: 'entity',
  sort: 'sort',
  direction: 'dir',
} as const;

const P = FLEET_QUERY_PARAMS;

const ATTENTION_VALUES: Record<string, boolean | undefined> = {
  true: true,
  false: false,
};

export function readFleetQuery(params: URLSearchParams): FleetQuery {
  const get = (name: string) => params.get(name) || undefined;
  const sortKey = get(P.sort);
  const attention = get(P.needsAttention);
  return {
    filter: {
      accountId: get(P.accountId),
      region: get(P.region),
      owner: get(P.owner),
      version: get(P.version),
      needsAttention: ATTENTION_VALUES[attention ?? ''],
      search: get(P.search),
    },
    entity: get(P.entity),
    sort: {
      key: (FLEET_SORT_KEYS as readonly string[]).includes(sortKey ?? '')
        ? (sortKey as FleetSortKey)
        : 'name',
      direction: get(P.direction) === 'desc' ? 'desc' : 'asc',
    },
  };
}

export function writeFleetQuery(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value?: string) => {
    if (value) params.set(name, value);
  };
  const { filter } = query;
  set(P.search, filter.search);
  set(P.accountId, filter.accountId);
  set(P.region, filter.region);
  set(P.owner, filter.owner);
  set(P.version, filter.version);
  if (filter.needsAttention !== undefined) {
    set(P.needsAttention, String(filter.needsAttention));
  }
  set(P.entity, query.entity);
  if (query.sort.key !== 'name' || query.sort.direction !== 'asc') {
    set(P.sort, query.sort.key);
    set(P.direction, query.sort.direction);
  }
  return params;
}

/** The fleet page's URL (relative to its path) showing an entity's clusters. */
export function fleetPageSearchFor(entityRef: string): string {
  return `?${writeFleetQuery({
    filter: {},
    entity: entityRef,
    sort: { key: 'name', direction: 'asc' },
  })}`;
}
