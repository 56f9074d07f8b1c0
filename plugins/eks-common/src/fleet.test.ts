import {
  addonsBehind,
  attentionReasons,
  fleetNewestAddonVersions,
  needsAttention,
  withFleetNewestAddons,
  type FleetClusterRow,
} from './fleet';
import {
  FLEET_CSV_COLUMNS,
  fleetCsv,
  fleetRowAgeSeconds,
  filterFleetRows,
  sortFleetRows,
} from './fleetTable';

const NOW = new Date('2026-06-01T00:00:00Z');

function row(overrides: Partial<FleetClusterRow> = {}): FleetClusterRow {
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    name: 'demo',
    arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/demo',
    entityRef: 'resource:default/demo',
    owner: 'group:default/platform',
    status: 'ACTIVE',
    version: '1.33',
    support: {
      standardUntil: '2026-12-01T00:00:00Z',
      extendedUntil: '2027-12-01T00:00:00Z',
      inExtendedSupport: false,
      standardSupportEnded: false,
      extendedMonthlyCostUsd: 438,
      upgradePolicy: 'EXTENDED',
    },
    nextVersion: '1.34',
    readiness: { errors: 0, warnings: 0 },
    addons: [{ name: 'coredns', version: 'v1.11.4-eksbuild.2' }],
    diagnostics: { critical: 0, warning: 0, info: 0 },
    verdict: 'healthy',
    refreshedAt: '2026-05-31T23:59:00Z',
    ...overrides,
  };
}

describe('fleet rules', () => {
  it('a healthy cluster far from the end of standard support needs nothing', () => {
    expect(attentionReasons(row(), NOW)).toEqual([]);
    expect(needsAttention(row(), NOW)).toBe(false);
  });

  it('standard support ending within 90 days, with the extended cost under EXTENDED', () => {
    const soon = row({
      support: { ...row().support, standardUntil: '2026-07-01T00:00:00Z' },
    });
    expect(attentionReasons(soon, NOW)).toEqual([
      'Standard support of Kubernetes 1.33 ends on 2026-07-01 (in 30 days); extended support costs $438.00 a month',
    ]);
    const standard = row({
      support: {
        ...soon.support,
        upgradePolicy: 'STANDARD',
      },
    });
    expect(attentionReasons(standard, NOW)[0]).not.toMatch(/costs/);
  });

  it('extended support names its cost; standard ended under STANDARD says EKS upgrades it', () => {
    expect(
      attentionReasons(
        row({
          support: {
            ...row().support,
            standardSupportEnded: true,
            inExtendedSupport: true,
          },
        }),
        NOW,
      ),
    ).toEqual([
      'Kubernetes 1.33 is in extended support ($438.00 a month for the control plane), which ends on 2027-12-01',
    ]);
    expect(
      attentionReasons(
        row({
          support: {
            ...row().support,
            standardSupportEnded: true,
            upgradePolicy: 'STANDARD',
          },
        }),
        NOW,
      )[0],
    ).toMatch(/EKS upgrades the cluster itself/);
  });

  it('extended support ended: EKS upgrades the cluster, and nothing is billed as extended support', () => {
    expect(
      attentionReasons(
        row({
          support: {
            ...row().support,
            standardSupportEnded: true,
            extendedSupportEnded: true,
          },
        }),
        NOW,
      ),
    ).toEqual([
      'Extended support of Kubernetes 1.33 has ended (on 2027-12-01): EKS upgrades the cluster to the oldest version it still supports',
    ]);
  });

  it('readiness errors, failing diagnostics, Karpenter, verdict and a failed refresh each give a reason', () => {
    const reasons = attentionReasons(
      row({
        readiness: { errors: 2, warnings: 1 },
        diagnostics: { critical: 1, warning: 3, info: 0 },
        karpenter: {
          version: '1.3.0',
          latest: '1.8.1',
          current: false,
          supportsNext: false,
        },
        verdict: 'failing',
        error: 'eks:DescribeCluster: throttled',
      }),
      NOW,
    );
    expect(reasons).toEqual([
      '1 failing diagnostic',
      '2 upgrade readiness errors for Kubernetes 1.34',
      'Karpenter 1.3.0 is not current (latest 1.8.1)',
      'Karpenter 1.3.0 does not support Kubernetes 1.34',
      'Health: failing',
      'Last refresh failed: eks:DescribeCluster: throttled',
    ]);
    // warnings alone: the verdict says so, not the counts
    expect(
      attentionReasons(
        row({ diagnostics: { critical: 0, warning: 2, info: 1 } }),
        NOW,
      ),
    ).toEqual([]);
  });

  it('add-ons behind the fleet compare clusters of the same Kubernetes minor only', () => {
    const rows = [
      row({
        name: 'a',
        addons: [
          { name: 'coredns', version: 'v1.11.4-eksbuild.2' },
          { name: 'kube-proxy', version: 'v1.33.0-eksbuild.2' },
        ],
      }),
      row({
        name: 'b',
        addons: [
          { name: 'coredns', version: 'v1.11.4-eksbuild.14' },
          { name: 'kube-proxy', version: 'v1.33.0-eksbuild.2' },
        ],
      }),
      row({
        name: 'c',
        version: '1.34',
        addons: [{ name: 'kube-proxy', version: 'v1.34.0-eksbuild.1' }],
      }),
    ];
    const newest = fleetNewestAddonVersions(rows);
    expect(newest).toEqual({
      '1.33/coredns': 'v1.11.4-eksbuild.14',
      '1.33/kube-proxy': 'v1.33.0-eksbuild.2',
      '1.34/kube-proxy': 'v1.34.0-eksbuild.1',
    });
    expect(addonsBehind(rows[0], newest)).toEqual([
      {
        name: 'coredns',
        version: 'v1.11.4-eksbuild.2',
        newestInFleet: 'v1.11.4-eksbuild.14',
      },
    ]);
    expect(addonsBehind(rows[1], newest)).toEqual([]);
    expect(attentionReasons(rows[0], NOW, newest)).toEqual([
      'Add-ons behind: coredns v1.11.4-eksbuild.2 (newest v1.11.4-eksbuild.14)',
    ]);
    const annotated = withFleetNewestAddons(rows);
    expect(annotated[0].addons[0].newestInFleet).toBe('v1.11.4-eksbuild.14');
    expect(annotated[1].addons[0].newestInFleet).toBeUndefined();
    expect(annotated[2].addons[0].newestInFleet).toBeUndefined();
  });

  it("an add-on behind EKS's newest is behind, whichever is newer is named", () => {
    const r = row({
      addons: [
        {
          name: 'vpc-cni',
          version: 'v1.19.0-eksbuild.1',
          newestEks: 'v1.20.1-eksbuild.3',
        },
      ],
    });
    expect(addonsBehind(r, {})).toEqual([
      {
        name: 'vpc-cni',
        version: 'v1.19.0-eksbuild.1',
        newestEks: 'v1.20.1-eksbuild.3',
      },
    ]);
    expect(
      attentionReasons(r, NOW, { '1.33/vpc-cni': 'v1.19.2-eksbuild.1' }),
    ).toEqual([
      'Add-ons behind: vpc-cni v1.19.0-eksbuild.1 (newest v1.20.1-eksbuild.3)',
    ]);
  });

  it('filters by account, region, owner, version, attention and search', () => {
    const rows = [
      row({ name: 'alpha' }),
      row({ name: 'beta', region: 'us-east-1', owner: 'group:default/data' }),
      row({
        name: 'gamma',
        accountId: '222222222222',
        version: '1.34',
        verdict: 'failing',
      }),
    ];
    const names = (f: Parameters<typeof filterFleetRows>[1]) =>
      filterFleetRows(rows, f, NOW).map(r => r.name);
    expect(names({})).toEqual(['alpha', 'beta', 'gamma']);
    expect(names({ accountId: '222222222222' })).toEqual(['gamma']);
    expect(names({ region: 'us-east-1' })).toEqual(['beta']);
    expect(names({ owner: 'group:default/data' })).toEqual(['beta']);
    expect(names({ version: '1.34' })).toEqual(['gamma']);
    expect(names({ needsAttention: true })).toEqual(['gamma']);
    expect(names({ needsAttention: false })).toEqual(['alpha', 'beta']);
    expect(names({ search: 'BET' })).toEqual(['beta']);
    expect(names({ search: 'group:default/data' })).toEqual(['beta']);
  });

  it('sorts by a key, missing values last, ties by account, region and name', () => {
    const rows = [
      row({ name: 'b', version: '1.9' }),
      row({ name: 'a', version: '1.33', readiness: undefined }),
      row({
        name: 'c',
        version: '1.10',
        readiness: { errors: 3, warnings: 0 },
      }),
    ];
    expect(sortFleetRows(rows, 'version').map(r => r.name)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(sortFleetRows(rows, 'version', 'desc').map(r => r.name)).toEqual([
      'a',
      'c',
      'b',
    ]);
    expect(
      sortFleetRows(rows, 'readinessErrors', 'desc').map(r => r.name),
    ).toEqual(['c', 'b', 'a']);
    expect(sortFleetRows(rows, 'readinessErrors').map(r => r.name)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(sortFleetRows(rows, 'name').map(r => r.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('a row says how old it is', () => {
    expect(fleetRowAgeSeconds(row(), NOW)).toBe(60);
    expect(
      fleetRowAgeSeconds(row({ refreshedAt: '2026-06-01T00:00:05Z' }), NOW),
    ).toBe(0);
  });

  it('writes RFC 4180 CSV: header, CRLF, quoted fields with commas, quotes and line breaks', () => {
    const csv = fleetCsv(
      [
        row(),
        row({
          name: 'odd',
          owner: 'group:default/"quoted", team',
          error: 'line one\nline two',
        }),
      ],
      NOW,
    );
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0].split(',')).toEqual(FLEET_CSV_COLUMNS.map(c => c.header));
    expect(
      lines[1].startsWith('111111111111,eu-west-1,demo,arn:aws:eks:'),
    ).toBe(true);
    expect(csv).toContain(',"group:default/""quoted"", team",');
    expect(csv).toContain('"Last refresh failed: line one\nline two"');
    expect(csv).toContain(',"line one\nline two"\r\n');
  });
});
