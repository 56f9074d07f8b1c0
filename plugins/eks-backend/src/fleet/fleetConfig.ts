import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type RootConfigService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_FLEET_RATE_LIMIT,
  validateFleetRateLimit,
  type FleetRateLimit,
  type FleetTarget,
} from '@backstage-eks/plugin-eks-node';

/** How often the fleet is refreshed unless `eks.fleet.schedule` says otherwise. */
export const DEFAULT_FLEET_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

/** The fleet's settings, read from `eks.fleet`. */
export interface FleetConfig {
  targets: FleetTarget[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  rateLimit: FleetRateLimit;
  /** ms; the collector's default when undefined. */
  detailTtlMs?: number;
  clusterConcurrency?: number;
}

function expandTargets(
  list: RootConfigService[],
  where: string,
  defaults: { owner?: string; system?: string },
): FleetTarget[] {
  return list.flatMap((target, i) => {
    const accountId = target.getOptionalString('accountId');
    const regions = target.getStringArray('regions');
    if (regions.length === 0) {
      throw new InputError(
        `${where}[${i}].regions must name at least one region`,
      );
    }
    const owner = target.getOptionalString('owner') ?? defaults.owner;
    const system = target.getOptionalString('system') ?? defaults.system;
    return regions.map(region => ({
      ...(accountId ? { accountId } : {}),
      region,
      ...(owner ? { owner } : {}),
      ...(system ? { system } : {}),
    }));
  });
}

/**
 * The fleet's targets: `eks.fleet.targets`, else every target of the EKS
 * catalog provider (`catalog.providers.eks.<id>.targets`, with that
 * provider's owner, `unknown` when unset as the provider does, and system).
 * The same account and region listed twice counts once.
 */
export function readFleetTargets(config: RootConfigService): FleetTarget[] {
  const own = config.getOptionalConfigArray('eks.fleet.targets');
  let targets: FleetTarget[];
  if (own) {
    targets = expandTargets(own, 'eks.fleet.targets', {});
  } else {
    const providers = config.getOptionalConfig('catalog.providers.eks');
    targets = (providers?.keys() ?? []).flatMap(id => {
      const provider = providers!.getConfig(id);
      return expandTargets(
        provider.getOptionalConfigArray('targets') ?? [],
        `catalog.providers.eks.${id}.targets`,
        {
          owner: provider.getOptionalString('owner') ?? 'unknown',
          system: provider.getOptionalString('system'),
        },
      );
    });
  }
  const seen = new Set<string>();
  return targets.filter(t => {
    const key = `${t.accountId ?? ''}/${t.region}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Everything under `eks.fleet`, checked: a bad value names its key. */
export function readFleetConfig(config: RootConfigService): FleetConfig {
  const fleet = config.getOptionalConfig('eks.fleet');
  const rateLimit: FleetRateLimit = {
    intervalCap:
      fleet?.getOptionalNumber('rateLimit.intervalCap') ??
      DEFAULT_FLEET_RATE_LIMIT.intervalCap,
    intervalMs:
      fleet?.getOptionalNumber('rateLimit.intervalMs') ??
      DEFAULT_FLEET_RATE_LIMIT.intervalMs,
  };
  const problem = validateFleetRateLimit(rateLimit);
  if (problem) throw new InputError(`eks.fleet.${problem}`);
  const ttlSeconds = fleet?.getOptionalNumber('detailTtlSeconds');
  if (ttlSeconds !== undefined && !(ttlSeconds > 0)) {
    throw new InputError(
      `eks.fleet.detailTtlSeconds must be a positive number of seconds, got ${ttlSeconds}`,
    );
  }
  const clusterConcurrency = fleet?.getOptionalNumber('clusterConcurrency');
  if (
    clusterConcurrency !== undefined &&
    !(Number.isInteger(clusterConcurrency) && clusterConcurrency >= 1)
  ) {
    throw new InputError(
      `eks.fleet.clusterConcurrency must be a whole number of at least 1, got ${clusterConcurrency}`,
    );
  }
  return {
    targets: readFleetTargets(config),
    schedule: fleet?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          fleet.getConfig('schedule'),
        )
      : DEFAULT_FLEET_SCHEDULE,
    rateLimit,
    ...(ttlSeconds !== undefined ? { detailTtlMs: ttlSeconds * 1000 } : {}),
    ...(clusterConcurrency !== undefined ? { clusterConcurrency } : {}),
  };
}
