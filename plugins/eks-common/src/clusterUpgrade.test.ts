import {
  ADDON_VERSION_CHOICES,
  CLUSTER_ROLLBACK_WINDOW_DAYS,
  extendedSupportMonthlyCostUsd,
  nextKubernetesVersion,
  previousKubernetesVersion,
  rollbackWindowOf,
  validateUpgradeTarget,
} from './clusterUpgrade';

describe('next/previousKubernetesVersion', () => {
  it('steps one minor version, numerically', () => {
    expect(nextKubernetesVersion('1.33')).toBe('1.34');
    expect(nextKubernetesVersion('1.9')).toBe('1.10');
    expect(previousKubernetesVersion('1.10')).toBe('1.9');
    expect(previousKubernetesVersion('1.34')).toBe('1.33');
  });

  it('is undefined for what is not a minor version', () => {
    expect(nextKubernetesVersion('1.33.2')).toBeUndefined();
    expect(nextKubernetesVersion('latest')).toBeUndefined();
    expect(previousKubernetesVersion('1.0')).toBeUndefined();
    expect(previousKubernetesVersion('')).toBeUndefined();
  });
});

describe('validateUpgradeTarget', () => {
  it('accepts exactly the next minor version', () => {
    expect(validateUpgradeTarget('1.33', '1.34')).toBeUndefined();
    expect(validateUpgradeTarget('1.9', '1.10')).toBeUndefined();
  });

  it('refuses skipping a version, going back, staying, and malformed targets', () => {
    expect(validateUpgradeTarget('1.32', '1.34')).toMatch(
      /next minor version after the cluster's 1.32 \(1.33\), not 1.34: EKS upgrades one minor version at a time/,
    );
    expect(validateUpgradeTarget('1.33', '1.32')).toMatch(
      /upgrades only forward/,
    );
    expect(validateUpgradeTarget('1.33', '1.33')).toMatch(/already runs 1.33/);
    expect(validateUpgradeTarget('1.33', '1.34.1')).toMatch(
      /Kubernetes minor version/,
    );
    expect(validateUpgradeTarget('1.33', '')).toBe('must not be empty');
  });
});

describe('rollbackWindowOf', () => {
  const completed = new Date('2026-06-01T12:00:00Z');
  const update = {
    type: 'VersionUpdate',
    status: 'Successful',
    createdAt: new Date('2026-06-01T11:20:00Z'),
    completedAt: completed,
  };

  it(`is open for ${CLUSTER_ROLLBACK_WINDOW_DAYS} days after the upgrade completed`, () => {
    const window = rollbackWindowOf(update, new Date('2026-06-08T10:30:00Z'));
    expect(window).toEqual({
      open: true,
      since: completed,
      closesAt: new Date('2026-06-08T12:00:00Z'),
      hoursLeft: 1,
    });
    expect(
      rollbackWindowOf(update, new Date('2026-06-08T12:00:00Z'))?.open,
    ).toBe(false);
    expect(
      rollbackWindowOf(update, new Date('2026-06-09T00:00:00Z'))?.hoursLeft,
    ).toBe(0);
  });

  it('counts from createdAt (ISO text too) when the completion time is unknown', () => {
    expect(
      rollbackWindowOf(
        {
          type: 'VersionUpdate',
          status: 'Successful',
          createdAt: '2026-06-01T11:20:00Z',
        },
        completed,
      )?.closesAt,
    ).toEqual(new Date('2026-06-08T11:20:00Z'));
  });

  it('opens no window for a rollback, a failed or running update', () => {
    const now = new Date('2026-06-02T00:00:00Z');
    expect(
      rollbackWindowOf({ ...update, type: 'VersionRollback' }, now),
    ).toBeUndefined();
    expect(
      rollbackWindowOf({ ...update, status: 'Failed' }, now),
    ).toBeUndefined();
    expect(
      rollbackWindowOf({ ...update, status: 'InProgress' }, now),
    ).toBeUndefined();
    expect(
      rollbackWindowOf({ type: 'VersionUpdate', status: 'Successful' }, now),
    ).toBeUndefined();
  });
});

describe('extendedSupportMonthlyCostUsd', () => {
  it('prices 730 cluster-hours of extended support', () => {
    expect(extendedSupportMonthlyCostUsd()).toBe(438);
  });
});

it('offers default and latest add-on versions', () => {
  expect(ADDON_VERSION_CHOICES).toEqual(['default', 'latest']);
});
