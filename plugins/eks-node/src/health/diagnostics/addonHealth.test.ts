import { addon, healthyObservations } from '../__testUtils__/observations';
import { ADDON_ISSUE_REMEDIES } from './addonIssueRemedies';
import { addonHealth } from './addonHealth';

describe('addonHealth', () => {
  it('reports a DEGRADED add-on with its issue codes and remedies', () => {
    const obs = healthyObservations();
    obs.addons = {
      data: [
        addon(),
        addon({
          name: 'aws-ebs-csi-driver',
          status: 'DEGRADED',
          health: [
            {
              code: 'InsufficientNumberOfReplicas',
              message:
                "The add-on is unhealthy because it doesn't have the desired number of replicas.",
              remedy: ADDON_ISSUE_REMEDIES.InsufficientNumberOfReplicas,
            },
          ],
        }),
        addon({
          name: 'coredns',
          status: 'CREATE_FAILED',
          health: [
            {
              code: 'AccessDenied',
              message: 'denied',
              remedy: ADDON_ISSUE_REMEDIES.AccessDenied,
            },
          ],
        }),
      ],
    };
    const findings = addonHealth(obs);
    expect(findings.map(f => [f.id, f.severity])).toEqual([
      ['addon-degraded', 'warning'],
      ['addon-create-failed', 'critical'],
    ]);
    expect(findings[0].what).toMatch(/^InsufficientNumberOfReplicas:/);
    expect(findings[0].fix).toBe(
      ADDON_ISSUE_REMEDIES.InsufficientNumberOfReplicas,
    );
  });

  it('stays quiet when all add-ons are ACTIVE or updating', () => {
    const obs = healthyObservations();
    obs.addons = {
      data: [addon(), addon({ name: 'coredns', status: 'UPDATING' })],
    };
    expect(addonHealth(obs)).toEqual([]);
  });

  it.each([
    'AccessDenied',
    'InsufficientNumberOfReplicas',
    'ConfigurationConflict',
    'AdmissionRequestDenied',
    'ClusterUnreachable',
    'ImagePullFailure',
    'PodEvictionFailure',
    'K8sResourceNotFound',
    'UnsupportedAddonModification',
    'IamRoleNotFound',
  ])('has a remedy for %s', code => {
    expect(ADDON_ISSUE_REMEDIES[code]).toEqual(expect.any(String));
  });
});
