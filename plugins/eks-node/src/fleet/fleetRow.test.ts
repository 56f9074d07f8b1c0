import type {
  ClusterHealth,
  KarpenterSummary,
} from '@backstage-eks/plugin-eks-common';
import {
  DEFAULT_KARPENTER_CHART_VERSION,
  extendedSupportMonthlyCostUsd,
} from '@backstage-eks/plugin-eks-common';
import { fleetRowFromHealth, placeholderFleetRow } from './fleetRow';

const source = {
  accountId: '111111111111',
  region: 'eu-west-1',
  name: 'web_prod',
  owner: 'group:default/platform',
  system: 'payments',
};
const failed = { error: { source: 'test', message: 'not read' } };

function karpenter(over: Partial<KarpenterSummary>): KarpenterSummary {
  return {
    installed: true,
    version: '1.5.0',
    controller: { ready: 2, desired: 2, namespace: 'kube-system' },
    nodePools: [],
    nodeClaims: [],
    pendingPods: 0,
    ...over,
  };
}

function doc(over: Partial<ClusterHealth> = {}): ClusterHealth {
  return {
    verdict: {
      kind: 'failing',
      headline: 'x',
      counts: { critical: 1, warning: 1, info: 0 },
      unloadedSections: [],
    },
    cluster: {
      data: {
        name: 'web_prod',
        arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/web_prod',
        accountId: '111111111111',
        region: 'eu-west-1',
        status: 'ACTIVE',
        version: '1.33',
        platformVersion: 'eks.9',
        autoMode: false,
        tags: { owner: 'group:default/web' },
        consoleUrl: 'https://console',
      } as never,
    },
    insights: { data: [] },
    nodeGroups: { data: [] },
    nodes: failed,
    addons: {
      data: [
        {
          name: 'vpc-cni',
          status: 'ACTIVE',
          version: 'v1.19.0-eksbuild.1',
          newerVersion: 'v1.20.0-eksbuild.1',
          health: [],
          podIdentityAssociations: [],
        },
        {
          name: 'coredns',
          status: 'ACTIVE',
          version: 'v1.11.4-eksbuild.2',
          health: [],
          podIdentityAssociations: [],
        },
      ],
    },
    podIdentityAssociations: { data: [] },
    capabilities: {
      data: [
        { name: 'argo', type: 'ARGOCD', status: 'ACTIVE', issues: [] },
        { name: 'ack', type: 'ACK', status: 'ACTIVE', issues: [] },
      ],
    },
    karpenter: { data: karpenter({}) },
    upgrade: {
      data: {
        version: '1.33',
        supportType: 'EXTENDED',
        support: {
          status: 'STANDARD_SUPPORT',
          endOfStandardSupport: '2026-07-29T00:00:00.000Z',
          endOfExtendedSupport: '2027-07-29T00:00:00.000Z',
          standardSupportEnded: false,
          inExtendedSupport: false,
        },
        extendedSupportMonthlyCostUsd: 438,
        nextVersion: '1.34',
        upgradeReadiness: {
          version: '1.34',
          errors: 2,
          warnings: 1,
          passing: 5,
          findings: [],
        },
        nodegroupUpdates: [],
      },
    },
    diagnostics: [
      { id: 'a', severity: 'critical', title: '', what: '', why: '', fix: '' },
      { id: 'b', severity: 'warning', title: '', what: '', why: '', fix: '' },
      { id: 'c', severity: 'warning', title: '', what: '', why: '', fix: '' },
    ],
    generatedAt: '2026-06-01T00:00:00.000Z',
    ...over,
  };
}

describe('fleetRowFromHealth', () => {
  it("summarises the document: support, readiness, add-ons, diagnostics, verdict, the entity's owner", () => {
    expect(fleetRowFromHealth(doc(), source)).toEqual({
      accountId: '111111111111',
      region: 'eu-west-1',
      name: 'web_prod',
      arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/web_prod',
      entityRef: 'resource:default/web_prod',
      // the cluster's owner tag names the entity's owner, as the provider does
      owner: 'group:default/web',
      system: 'payments',
      status: 'ACTIVE',
      version: '1.33',
      platformVersion: 'eks.9',
      support: {
        standardUntil: '2026-07-29T00:00:00.000Z',
        extendedUntil: '2027-07-29T00:00:00.000Z',
        inExtendedSupport: false,
        standardSupportEnded: false,
        extendedMonthlyCostUsd: 438,
        upgradePolicy: 'EXTENDED',
      },
      nextVersion: '1.34',
      readiness: { errors: 2, warnings: 1 },
      karpenter: {
        version: '1.5.0',
        latest: DEFAULT_KARPENTER_CHART_VERSION,
        current: false,
        supportsNext: false,
      },
      addons: [
        { name: 'coredns', version: 'v1.11.4-eksbuild.2' },
        {
          name: 'vpc-cni',
          version: 'v1.19.0-eksbuild.1',
          newestEks: 'v1.20.0-eksbuild.1',
        },
      ],
      diagnostics: { critical: 1, warning: 2, info: 0 },
      verdict: 'failing',
      capabilities: ['ACK', 'ARGOCD'],
      refreshedAt: '2026-06-01T00:00:00.000Z',
    });
  });

  it("Karpenter: current at the latest release; Auto Mode's or an unreadable version is no row entry", () => {
    const latest = fleetRowFromHealth(
      doc({
        karpenter: {
          data: karpenter({ version: DEFAULT_KARPENTER_CHART_VERSION }),
        },
      }),
      source,
    );
    expect(latest.karpenter).toEqual({
      version: DEFAULT_KARPENTER_CHART_VERSION,
      latest: DEFAULT_KARPENTER_CHART_VERSION,
      current: true,
      supportsNext: true,
    });
    const autoMode = fleetRowFromHealth(
      doc({
        karpenter: {
          data: karpenter({
            runBy: 'eks-auto-mode',
            controller: undefined,
            version: undefined,
          }),
        },
      }),
      source,
    );
    expect(autoMode.karpenter).toBeUndefined();
  });

  it('unknown readiness and support when the upgrade section failed; the owner falls back to the target', () => {
    const d = doc({ upgrade: failed });
    d.cluster.data!.tags = {};
    const row = fleetRowFromHealth(d, source, {
      refreshedAt: '2026-06-01T00:01:00.000Z',
    });
    expect(row.readiness).toBeUndefined();
    expect(row.nextVersion).toBeUndefined();
    expect(row.support).toEqual({
      inExtendedSupport: false,
      standardSupportEnded: false,
      extendedMonthlyCostUsd: extendedSupportMonthlyCostUsd(),
    });
    expect(row.owner).toBe('group:default/platform');
    expect(row.refreshedAt).toBe('2026-06-01T00:01:00.000Z');
  });

  it('a placeholder names the listed cluster and nothing read', () => {
    expect(placeholderFleetRow(source, '2026-06-01T00:00:00.000Z')).toEqual({
      accountId: '111111111111',
      region: 'eu-west-1',
      name: 'web_prod',
      arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/web_prod',
      entityRef: 'resource:default/web_prod',
      owner: 'group:default/platform',
      system: 'payments',
      status: 'UNKNOWN',
      version: '',
      support: {
        inExtendedSupport: false,
        standardSupportEnded: false,
        extendedMonthlyCostUsd: extendedSupportMonthlyCostUsd(),
      },
      addons: [],
      diagnostics: { critical: 0, warning: 0, info: 0 },
      verdict: 'unknown',
      refreshedAt: '2026-06-01T00:00:00.000Z',
    });
  });
});
