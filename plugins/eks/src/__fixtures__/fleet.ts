import type {
  FleetClusterRow,
  FleetResponse,
} from '@backstage-eks/plugin-eks-common';

const MINUTE = 60_000;

/** A healthy fleet row, refreshed `ageMinutes` ago, with `overrides`. */
export function fleetRow(
  name: string,
  overrides: Partial<FleetClusterRow> & { ageMinutes?: number } = {},
): FleetClusterRow {
  const { ageMinutes = 1, ...rest } = overrides;
  const accountId = rest.accountId ?? '111111111111';
  const region = rest.region ?? 'eu-west-1';
  return {
    accountId,
    region,
    name,
    arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
    entityRef: `resource:default/${name}`,
    owner: 'group:default/platform',
    system: 'eks-platform',
    status: 'ACTIVE',
    version: '1.33',
    platformVersion: 'eks.5',
    support: {
      standardUntil: '2099-07-29T00:00:00Z',
      extendedUntil: '2100-07-29T00:00:00Z',
      inExtendedSupport: false,
      standardSupportEnded: false,
      extendedMonthlyCostUsd: 438,
      upgradePolicy: 'EXTENDED',
    },
    nextVersion: '1.34',
    readiness: { errors: 0, warnings: 0 },
    addons: [{ name: 'vpc-cni', version: 'v1.20.0-eksbuild.1' }],
    diagnostics: { critical: 0, warning: 0, info: 0 },
    verdict: 'healthy',
    refreshedAt: new Date(Date.now() - ageMinutes * MINUTE).toISOString(),
    ...rest,
  };
}

/** A fleet of `count` healthy clusters (`c-0001`...) over 5 accounts and 4 regions. */
export function largeFleet(count: number): FleetResponse {
  const regions = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-southeast-2'];
  return {
    rows: Array.from({ length: count }, (_, i) =>
      fleetRow(`c-${String(i + 1).padStart(4, '0')}`, {
        accountId: String(i % 5).repeat(12),
        region: regions[i % 4],
        version: ['1.31', '1.32', '1.33', '1.34'][i % 4],
      }),
    ),
    regions: [],
    generatedAt: new Date().toISOString(),
  };
}
