import type { FleetClusterRow } from '@backstage-eks/plugin-eks-common';

/** A healthy fleet row of account 000000000000 in eu-west-1, with overrides. */
export function fleetRow(
  name: string,
  overrides: Partial<FleetClusterRow> = {},
): FleetClusterRow {
  return {
    accountId: '000000000000',
    region: 'eu-west-1',
    name,
    arn: `arn:aws:eks:eu-west-1:000000000000:cluster/${name}`,
    status: 'ACTIVE',
    version: '1.33',
    support: {
      inExtendedSupport: false,
      standardSupportEnded: false,
      extendedMonthlyCostUsd: 438,
    },
    addons: [{ name: 'vpc-cni', version: 'v1.19.0-eksbuild.1' }],
    diagnostics: { critical: 0, warning: 0, info: 0 },
    verdict: 'healthy',
    refreshedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}
