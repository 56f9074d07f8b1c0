import type { ClusterInsight } from '@backstage-eks/plugin-eks-common';
import { healthyObservations } from '../__testUtils__/observations';
import { clusterVerdict } from '../verdict';
import { insightFindings } from './insights';

/** EKS's rollback readiness insights right after an upgrade 1.33 -> 1.34 of a cluster and its node group. */
const rollbackReadiness: ClusterInsight[] = [
  {
    id: 'r-1',
    name: 'Kubelet version skew for rollback',
    category: 'ROLLBACK_READINESS',
    kubernetesVersion: '1.33',
    status: 'ERROR',
    reason:
      'Managed node groups run a kubelet newer than 1.33 and must be rolled back first: workers (1.34).',
    recommendation: 'Roll the managed node groups back to 1.33',
  },
  {
    id: 'r-2',
    name: 'kube-proxy version skew for rollback',
    category: 'ROLLBACK_READINESS',
    kubernetesVersion: '1.33',
    status: 'WARNING',
  },
  {
    id: 'r-3',
    name: 'Cluster health for rollback',
    category: 'ROLLBACK_READINESS',
    kubernetesVersion: '1.33',
    status: 'PASSING',
  },
];

/** A cluster upgraded to 1.34, with or without its rollback window to 1.33 open. */
function upgradedObservations(windowOpen: boolean) {
  const obs = healthyObservations();
  obs.upgrade = {
    data: {
      ...obs.upgrade.data!,
      version: '1.34',
      rollbackWindow: windowOpen
        ? {
            toVersion: '1.33',
            since: '2026-01-01T00:00:00.000Z',
            closesAt: '2026-01-08T00:00:00.000Z',
          }
        : undefined,
    },
  };
  obs.insights = { data: rollbackReadiness };
  return obs;
}

describe('insightFindings', () => {
  it('leaves readiness for a future version out of the findings, whatever its status', () => {
    const obs = healthyObservations();
    obs.insights = {
      data: [
        {
          id: 'i-1',
          name: 'Deprecated APIs removed in Kubernetes v1.34',
          category: 'UPGRADE_READINESS',
          status: 'ERROR',
          kubernetesVersion: '1.34',
        },
        {
          id: 'i-2',
          name: 'Kubelet version skew',
          category: 'UPGRADE_READINESS',
          status: 'WARNING',
        },
      ],
    };
    expect(insightFindings(obs)).toEqual([]);
  });

  it('turns WARNING and ERROR insights about the cluster now into findings that need attention', () => {
    const obs = healthyObservations();
    obs.insights = {
      data: [
        {
          id: 'i-1',
          name: 'Deprecated APIs removed in Kubernetes v1.34',
          category: 'MISCONFIGURATION',
          status: 'ERROR',
          reason: 'Deprecated API usage detected',
          recommendation: 'Update manifests',
        },
        {
          id: 'i-2',
          name: 'Kubelet version skew',
          category: 'MISCONFIGURATION',
          status: 'WARNING',
        },
        {
          id: 'i-3',
          name: 'Cluster health issues',
          category: 'UPGRADE_READINESS',
          status: 'PASSING',
        },
      ],
    };
    const findings = insightFindings(obs);
    expect(findings.map(f => [f.id, f.severity])).toEqual([
      ['insight-i-1', 'warning'],
      ['insight-i-2', 'warning'],
    ]);
    expect(findings[0].fix).toBe('Update manifests');
  });

  it('stays quiet when every insight passes', () => {
    const obs = healthyObservations();
    obs.insights = {
      data: [
        {
          id: 'i-3',
          name: 'Cluster health issues',
          category: 'UPGRADE_READINESS',
          status: 'PASSING',
        },
      ],
    };
    expect(insightFindings(obs)).toEqual([]);
  });

  it('leaves rollback readiness out of what needs attention: a just-upgraded cluster stays healthy', () => {
    const obs = upgradedObservations(true);
    const diagnostics = insightFindings(obs);
    expect(diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    const verdict = clusterVerdict(
      {
        ...obs,
        diagnostics,
        generatedAt: '2026-01-02T00:00:00.000Z',
      },
      { target: obs.target, clusterNotFound: false },
    );
    expect(verdict.kind).toBe('healthy');
    expect(verdict.counts).toEqual({ critical: 0, warning: 0, info: 1 });
  });

  it('notes a rollback readiness ERROR while the window is open: what a rollback would need first', () => {
    const diagnostics = insightFindings(upgradedObservations(true));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        id: 'insight-r-1',
        severity: 'info',
        title: 'Before a rollback to 1.33: Kubelet version skew for rollback',
        what: 'Managed node groups run a kubelet newer than 1.33 and must be rolled back first: workers (1.34).',
        fix: 'Roll the managed node groups back to 1.33',
      }),
    ]);
  });

  it('says nothing of rollback readiness once the window is closed, whatever its status', () => {
    expect(insightFindings(upgradedObservations(false))).toEqual([]);
  });
});
