import { healthyObservations } from '../__testUtils__/observations';
import type { ClusterObservations } from '../types';

const observationsWith = (
  change: Partial<ClusterObservations>,
): ClusterObservations => ({ ...healthyObservations(), ...change });
import { capabilityHealth } from './capabilityHealth';

describe('capabilityHealth', () => {
  const capability = {
    name: 'argocd',
    type: 'ARGOCD',
    status: 'ACTIVE',
    version: 'v3.1.8-eks-1',
    issues: [],
  };

  it('says nothing of ACTIVE capabilities without issues', () => {
    expect(
      capabilityHealth(
        observationsWith({ capabilities: { data: [capability] } }),
      ),
    ).toEqual([]);
  });

  it('reports a DEGRADED capability with its issue and the fix for its code', () => {
    const [finding] = capabilityHealth(
      observationsWith({
        capabilities: {
          data: [
            {
              ...capability,
              status: 'DEGRADED',
              issues: [{ code: 'AccessDenied', message: 'cannot assume role' }],
            },
          ],
        },
      }),
    );
    expect(finding).toMatchObject({
      id: 'capability-unhealthy',
      severity: 'warning',
      title: 'ARGOCD capability argocd is DEGRADED',
      what: 'AccessDenied: cannot assume role',
      resources: ['capability/argocd'],
    });
    expect(finding.fix).toMatch(/capabilities\.eks\.amazonaws\.com/);
    expect(finding.action?.title).toBe('Run the EKS Capability template again');
    const url = new URL(finding.action!.path, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/eks-capability');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '000000000000',
      type: 'ARGOCD',
      capabilityName: 'argocd',
    });
  });

  it('a failed capability is critical', () => {
    expect(
      capabilityHealth(
        observationsWith({
          capabilities: { data: [{ ...capability, status: 'CREATE_FAILED' }] },
        }),
      )[0].severity,
    ).toBe('critical');
  });
});
