import {
  association,
  healthyObservations,
} from '../__testUtils__/observations';
import { podIdentityOnFargate } from './podIdentityOnFargate';

describe('podIdentityOnFargate', () => {
  it('fires for an association in a namespace a Fargate profile selects', () => {
    const obs = healthyObservations();
    obs.fargateProfiles = {
      data: [
        {
          name: 'serverless',
          selectors: [{ namespace: 'orders', labels: {} }],
        },
      ],
    };
    obs.podIdentityAssociations = { data: [association()] };
    const [finding] = podIdentityOnFargate(obs);
    expect(finding.id).toBe('pod-identity-on-fargate');
    expect(finding.what).toMatch(/orders\/orders-api.*serverless/);
  });

  it('stays quiet for namespaces Fargate does not select', () => {
    const obs = healthyObservations();
    obs.fargateProfiles = {
      data: [
        { name: 'serverless', selectors: [{ namespace: 'batch', labels: {} }] },
      ],
    };
    obs.podIdentityAssociations = { data: [association()] };
    expect(podIdentityOnFargate(obs)).toEqual([]);
  });
});
