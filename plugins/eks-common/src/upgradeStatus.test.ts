import {
  versionChangeInProgress,
  type ClusterUpgradeSummary,
  type ClusterVersionUpdate,
} from './upgradeStatus';

function upgrade(
  latestUpdate?: Partial<ClusterVersionUpdate>,
  over: Partial<ClusterUpgradeSummary> = {},
): ClusterUpgradeSummary {
  return {
    version: '1.34',
    support: { standardSupportEnded: false, inExtendedSupport: false },
    extendedSupportMonthlyCostUsd: 438,
    nodegroupUpdates: [],
    latestUpdate: latestUpdate && {
      id: 'u',
      type: 'VersionUpdate',
      status: 'Successful',
      fromVersion: '1.33',
      toVersion: '1.34',
      errors: [],
      ...latestUpdate,
    },
    ...over,
  };
}

describe('versionChangeInProgress', () => {
  it('is true while the control plane update runs', () => {
    expect(versionChangeInProgress(upgrade({ status: 'InProgress' }))).toBe(
      true,
    );
  });

  it('is true while a node group version update runs', () => {
    expect(
      versionChangeInProgress(
        upgrade(undefined, {
          nodegroupUpdates: [
            { nodegroup: 'system', id: 'n', status: 'InProgress', errors: [] },
          ],
        }),
      ),
    ).toBe(true);
  });

  it('is true when the update ended between the cluster read and the update read (the version still the old one)', () => {
    expect(versionChangeInProgress(upgrade({}, { version: '1.33' }))).toBe(
      true,
    );
  });

  it('is false once done, after a failure, and without any update', () => {
    expect(versionChangeInProgress(upgrade({}))).toBe(false);
    expect(
      versionChangeInProgress(
        upgrade({ status: 'Failed' }, { version: '1.33' }),
      ),
    ).toBe(false);
    expect(versionChangeInProgress(upgrade())).toBe(false);
  });
});
