import { healthyObservations } from '../__testUtils__/observations';
import { insightFindings } from './insights';

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
});
