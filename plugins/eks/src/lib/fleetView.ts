import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  addonsBehind,
  attentionReasons,
  fleetNewestAddonVersions,
  kubernetesMinorOf,
  type FleetAddon,
  type FleetClusterRow,
  type FleetResponse,
} from '@backstage-eks/plugin-eks-common';

/** What the fleet page shows of a row beyond the row itself, derived once per response. */
export interface FleetRowView {
  reasons: string[];
  behind: FleetAddon[];
}

/** A fleet response with what every view of it needs, computed once. */
export interface FleetView {
  response: FleetResponse;
  /** When the view was made: the `now` of its attention reasons. */
  now: Date;
  fleetNewest: Record<string, string>;
  derived: Map<FleetClusterRow, FleetRowView>;
  needingAttention: number;
  /** The values the filters offer, sorted. */
  options: {
    accountId: string[];
    region: string[];
    owner: string[];
    version: string[];
  };
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
}

/** The rows' attention reasons, add-ons behind and filter options, once per response. */
export function makeFleetView(
  response: FleetResponse,
  now: Date = new Date(),
): FleetView {
  const fleetNewest = fleetNewestAddonVersions(response.rows);
  const derived = new Map<FleetClusterRow, FleetRowView>();
  let needingAttention = 0;
  for (const row of response.rows) {
    const reasons = attentionReasons(row, now, fleetNewest);
    if (reasons.length > 0) needingAttention += 1;
    derived.set(row, { reasons, behind: addonsBehind(row, fleetNewest) });
  }
  const rows = response.rows;
  return {
    response,
    now,
    fleetNewest,
    derived,
    needingAttention,
    options: {
      accountId: distinct(rows.map(r => r.accountId)),
      region: distinct(rows.map(r => r.region)),
      owner: distinct(rows.map(r => r.owner)),
      version: distinct(
        rows.map(r => r.version && kubernetesMinorOf(r.version)),
      ),
    },
  };
}

/**
 * A row's owner or system as a full entity ref (`group:default/x`), the
 * kind and namespace filled in as the catalog does for `spec.owner` (Group)
 * and `spec.system` (System): the namespace of the cluster's entity.
 */
function refOf(
  value: string | undefined,
  defaultKind: string,
  row: FleetClusterRow,
): string | undefined {
  if (!value) return undefined;
  let defaultNamespace = 'default';
  if (row.entityRef) {
    try {
      defaultNamespace = parseEntityRef(row.entityRef).namespace;
    } catch {
      // a malformed ref: the default namespace
    }
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Whether a row belongs to an entity: its system is that System, or its
 * owner is that Group (or User).
 */
export function fleetRowBelongsTo(
  row: FleetClusterRow,
  entityRef: CompoundEntityRef | string,
): boolean {
  const ref = (
    typeof entityRef === 'string'
      ? stringifyEntityRef(parseEntityRef(entityRef))
      : stringifyEntityRef(entityRef)
  ).toLocaleLowerCase('en-US');
  return (
    refOf(row.system, 'system', row) === ref ||
    refOf(row.owner, 'group', row) === ref
  );
}
