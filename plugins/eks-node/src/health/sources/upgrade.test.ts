import type { Update } from '@aws-sdk/client-eks';
import type { ClusterInsight } from '@backstage-eks/plugin-eks-common';
import { summarizeUpgrade, type UpgradeFacts } from './upgrade';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-12-04T12:00:00Z');

const versions = [
  {
    clusterVersion: '1.33',
    versionStatus: 'STANDARD_SUPPORT' as const,
    endOfStandardSupportDate: new Date('2026-07-29T00:00:00Z'),
    endOfExtendedSupportDate: new Date('2027-07-29T00:00:00Z'),
  },
  {
    clusterVersion: '1.34',
    versionStatus: 'STANDARD_SUPPORT' as const,
    endOfStandardSupportDate: new Date('2026-12-02T00:00:00Z'),
    endOfExtendedSupportDate: new Date('2027-12-02T00:00:00Z'),
  },
  {
    clusterVersion: '1.35',
    versionStatus: 'STANDARD_SUPPORT' as const,
    endOfStandardSupportDate: new Date('2027-03-02T00:00:00Z'),
    endOfExtendedSupportDate: new Date('2028-03-02T00:00:00Z'),
  },
];

function insight(over: Partial<ClusterInsight>): ClusterInsight {
  return {
    id: over.name ?? 'i',
    name: 'Deprecated APIs',
    category: 'UPGRADE_READINESS',
    status: 'PASSING',
    kubernetesVersion: '1.35',
    ...over,
  };
}

function versionUpdate(over: Partial<Update> & { version: string }): Update {
  const { version, ...rest } = over;
  return {
    id: `u-${version}`,
    type: 'VersionUpdate',
    status: 'Successful',
    params: [
      { type: 'Version', value: version },
      { type: 'PlatformVersion', value: 'eks.1' },
    ],
    createdAt: new Date(now.getTime() - DAY),
    errors: [],
    ...rest,
  };
}

function facts(over: Partial<UpgradeFacts> = {}): UpgradeFacts {
  return {
    cluster: {
      name: 'demo',
      version: '1.34',
      upgradePolicy: { supportType: 'EXTENDED' },
    },
    versions,
    insights: [],
    versionUpdates: [],
    nodegroupUpdates: [],
    now,
    ...over,
  };
}

describe('summarizeUpgrade', () => {
  it("states the version's support window, whether it is past standard support, and the extended price", () => {
    const upgrade = summarizeUpgrade(facts());
    expect(upgrade).toMatchObject({
      version: '1.34',
      supportType: 'EXTENDED',
      support: {
        // EKS read it in standard support; its dates say extended now
        status: 'EXTENDED_SUPPORT',
        endOfStandardSupport: '2026-12-02T00:00:00.000Z',
        endOfExtendedSupport: '2027-12-02T00:00:00.000Z',
        // standard support ended two days before `now`
        standardSupportEnded: true,
        inExtendedSupport: true,
      },
      extendedSupportMonthlyCostUsd: 438,
      nextVersion: '1.35',
    });
    const before = summarizeUpgrade(
      facts({ now: new Date('2026-12-01T00:00:00Z') }),
    );
    expect(before.support).toMatchObject({
      status: 'STANDARD_SUPPORT',
      standardSupportEnded: false,
      inExtendedSupport: false,
    });
  });

  it('is UNSUPPORTED, and not billed as extended support, once extended support has ended', () => {
    const past = summarizeUpgrade(
      facts({ now: new Date('2027-12-03T00:00:00Z') }),
    );
    expect(past.support).toMatchObject({
      status: 'UNSUPPORTED',
      standardSupportEnded: true,
      inExtendedSupport: false,
    });
    const reported = summarizeUpgrade(
      facts({
        versions: versions.map(v =>
          v.clusterVersion === '1.34'
            ? { ...v, versionStatus: 'UNSUPPORTED' as any }
            : v,
        ),
      }),
    );
    expect(reported.support).toMatchObject({
      status: 'UNSUPPORTED',
      inExtendedSupport: false,
    });
  });

  it('is not in extended support under the STANDARD policy, with which EKS upgrades the cluster instead', () => {
    const upgrade = summarizeUpgrade(
      facts({
        cluster: {
          name: 'demo',
          version: '1.34',
          upgradePolicy: { supportType: 'STANDARD' },
        },
      }),
    );
    expect(upgrade.support).toMatchObject({
      standardSupportEnded: true,
      inExtendedSupport: false,
    });
  });

  it('counts the next version’s readiness insights, errors first, and ignores other versions and categories', () => {
    const upgrade = summarizeUpgrade(
      facts({
        insights: [
          insight({ name: 'Kubelet skew', status: 'WARNING' }),
          insight({
            name: 'Deprecated APIs',
            status: 'ERROR',
            recommendation: 'Move to v1',
          }),
          insight({ name: 'Add-on compatibility', status: 'PASSING' }),
          insight({ name: 'Old', status: 'ERROR', kubernetesVersion: '1.34' }),
          insight({
            name: 'Config',
            status: 'ERROR',
            category: 'MISCONFIGURATION',
          }),
        ],
      }),
    );
    expect(upgrade.upgradeReadiness).toMatchObject({
      version: '1.35',
      errors: 1,
      warnings: 1,
      passing: 1,
    });
    expect(upgrade.upgradeReadiness?.findings.map(f => f.name)).toEqual([
      'Deprecated APIs',
      'Kubelet skew',
    ]);
  });

  it('has no next version and no readiness at the newest version EKS offers', () => {
    const upgrade = summarizeUpgrade(
      facts({ cluster: { name: 'demo', version: '1.35' } }),
    );
    expect(upgrade.nextVersion).toBeUndefined();
    expect(upgrade.upgradeReadiness).toBeUndefined();
  });

  it('leaves readiness unknown when the insights could not be read', () => {
    expect(
      summarizeUpgrade(facts({ insights: undefined })).upgradeReadiness,
    ).toBeUndefined();
  });

  it('shows the newest version change with its errors, from one minor below', () => {
    const upgrade = summarizeUpgrade(
      facts({
        versionUpdates: [
          versionUpdate({
            version: '1.34',
            createdAt: new Date(now.getTime() - 3 * DAY),
          }),
          versionUpdate({
            version: '1.35',
            id: 'failed',
            status: 'Failed',
            createdAt: new Date(now.getTime() - DAY),
            errors: [
              {
                errorCode: 'InsufficientFreeAddresses',
                errorMessage: 'no IPs',
                resourceIds: ['subnet-1'],
              },
            ],
          }),
        ],
      }),
    );
    expect(upgrade.latestUpdate).toEqual({
      id: 'failed',
      type: 'VersionUpdate',
      status: 'Failed',
      fromVersion: '1.34',
      toVersion: '1.35',
      createdAt: new Date(now.getTime() - DAY).toISOString(),
      errors: [
        {
          code: 'InsufficientFreeAddresses',
          message: 'no IPs',
          resourceIds: ['subnet-1'],
        },
      ],
    });
    // the newest change failed: no window, even though 1.34 came 3 days ago
    expect(upgrade.rollbackWindow).toBeUndefined();
  });

  it('opens the rollback window for 7 days after a successful upgrade to the version the cluster runs', () => {
    const createdAt = new Date(now.getTime() - 2 * DAY);
    const upgrade = summarizeUpgrade(
      facts({
        versionUpdates: [versionUpdate({ version: '1.34', createdAt })],
        insights: [
          insight({
            category: 'ROLLBACK_READINESS',
            name: 'Kube-proxy skew',
            status: 'ERROR',
            kubernetesVersion: '1.33',
          }),
          insight({
            category: 'ROLLBACK_READINESS',
            name: 'Cluster health',
            status: 'PASSING',
            kubernetesVersion: '1.34',
          }),
        ],
      }),
    );
    expect(upgrade.rollbackWindow).toMatchObject({
      toVersion: '1.33',
      since: createdAt.toISOString(),
      closesAt: new Date(createdAt.getTime() + 7 * DAY).toISOString(),
      readiness: { errors: 1, passing: 1, warnings: 0 },
    });
  });

  it('closes the window after 7 days, after a rollback, and while an upgrade runs', () => {
    const old = versionUpdate({
      version: '1.34',
      createdAt: new Date(now.getTime() - 8 * DAY),
    });
    expect(
      summarizeUpgrade(facts({ versionUpdates: [old] })).rollbackWindow,
    ).toBeUndefined();
    const rolledBack = summarizeUpgrade(
      facts({
        cluster: { name: 'demo', version: '1.33' },
        versionUpdates: [
          versionUpdate({
            version: '1.34',
            createdAt: new Date(now.getTime() - 2 * DAY),
          }),
          versionUpdate({
            version: '1.33',
            type: 'VersionRollback',
            createdAt: new Date(now.getTime() - DAY),
          }),
        ],
      }),
    );
    expect(rolledBack.rollbackWindow).toBeUndefined();
    expect(rolledBack.latestUpdate).toMatchObject({
      type: 'VersionRollback',
      fromVersion: '1.34',
      toVersion: '1.33',
    });
    const running = summarizeUpgrade(
      facts({
        versionUpdates: [
          versionUpdate({ version: '1.35', status: 'InProgress' }),
        ],
      }),
    );
    expect(running.rollbackWindow).toBeUndefined();
    expect(running.latestUpdate?.status).toBe('InProgress');
  });

  it('keeps the support status when the updates could not be read', () => {
    const upgrade = summarizeUpgrade(
      facts({
        versionUpdates: {
          error: { source: 'eks:ListUpdates', message: 'AccessDenied' },
        },
      }),
    );
    expect(upgrade.updatesError).toEqual({
      source: 'eks:ListUpdates',
      message: 'AccessDenied',
    });
    expect(upgrade.support.endOfStandardSupport).toBeDefined();
  });

  it("names a node group's failed update reads, not a failed node group list (the node groups section's own error)", () => {
    const failed = (source: string) =>
      summarizeUpgrade(
        facts({ nodegroupUpdates: { error: { source, message: 'boom' } } }),
      );
    expect(failed('eks:DescribeUpdate').updatesError).toEqual({
      source: 'eks:DescribeUpdate',
      message: 'boom',
    });
    expect(failed('eks:ListNodegroups').updatesError).toBeUndefined();
    expect(failed('eks:ListNodegroups').nodegroupUpdates).toEqual([]);
  });

  it('lists node group version updates in progress, from the node group’s version', () => {
    const upgrade = summarizeUpgrade(
      facts({
        nodegroupUpdates: [
          {
            nodegroup: {
              name: 'system',
              status: 'UPDATING',
              version: '1.33',
              instanceTypes: [],
              issues: [],
            },
            update: versionUpdate({
              version: '1.34',
              id: 'ng',
              status: 'InProgress',
            }),
          },
        ],
      }),
    );
    expect(upgrade.nodegroupUpdates).toEqual([
      expect.objectContaining({
        nodegroup: 'system',
        id: 'ng',
        status: 'InProgress',
        fromVersion: '1.33',
        toVersion: '1.34',
      }),
    ]);
  });
});
