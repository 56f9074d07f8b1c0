import { criticalPath } from './provisioning';
import {
  awaitedByUpgrade,
  upgradeSteps,
  type UpgradeDurations,
} from './upgrade';

const durations: UpgradeDurations = {
  insightsRefresh: 60_000,
  controlPlane: 480_000,
  addonUpdate: 45_000,
  nodegroupUpdate: 120_000,
  karpenterDrift: 90_000,
};

describe('the upgrade critical path', () => {
  it('is every unavoidable wait in the upgrade order, parallel add-on updates counted once', () => {
    const path = criticalPath(
      upgradeSteps(durations, {
        addonsBeforeControlPlane: true,
        refreshAfterChanges: true,
        addonsAfterControlPlane: 6,
        nodegroups: 1,
        karpenterDrift: true,
      }),
      0.5,
    );
    expect(path.chain).toEqual([
      'insights refresh',
      'add-ons the target does not support',
      'insights refresh after those changes',
      'control plane',
      'add-ons (6, in parallel)',
      'node group',
      'Karpenter drift',
    ]);
    expect(path.ms).toBe(
      0.5 * (60_000 + 45_000 + 60_000 + 480_000 + 45_000 + 120_000 + 90_000),
    );
  });

  it('leaves out the phases the run did not need', () => {
    const path = criticalPath(
      upgradeSteps(durations, {
        addonsBeforeControlPlane: false,
        refreshAfterChanges: false,
        addonsAfterControlPlane: 0,
        nodegroups: 0,
        karpenterDrift: false,
      }),
      1,
    );
    expect(path).toEqual({
      ms: 60_000 + 480_000,
      chain: ['insights refresh', 'control plane'],
    });
  });
});

describe('awaitedByUpgrade', () => {
  const waits = [
    'the insights refresh of shop to complete',
    'the upgrade of cluster shop to Kubernetes 1.34 (update 1234-abcd)',
    'add-on coredns to become ACTIVE',
    'node group system to become ACTIVE',
  ];

  it('names the open wait a Describe* call polls', () => {
    expect(
      awaitedByUpgrade(
        'DescribeInsightsRefreshCommand',
        { name: 'shop' },
        waits,
      ),
    ).toBe(waits[0]);
    expect(
      awaitedByUpgrade(
        'DescribeUpdateCommand',
        { name: 'shop', updateId: '1234-abcd' },
        waits,
      ),
    ).toBe(waits[1]);
    expect(
      awaitedByUpgrade('DescribeAddonCommand', { addonName: 'coredns' }, waits),
    ).toBe(waits[2]);
    expect(
      awaitedByUpgrade(
        'DescribeNodegroupCommand',
        { nodegroupName: 'system' },
        waits,
      ),
    ).toBe(waits[3]);
  });

  it('names nothing for a read no wait is open on', () => {
    expect(
      awaitedByUpgrade('DescribeAddonCommand', { addonName: 'vpc-cni' }, waits),
    ).toBeUndefined();
    expect(
      awaitedByUpgrade('DescribeClusterCommand', { name: 'shop' }, waits),
    ).toBeUndefined();
  });
});
