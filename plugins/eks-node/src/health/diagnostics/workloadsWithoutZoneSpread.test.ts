import {
  deployment,
  healthyObservations,
  karpenter,
  workloads,
} from '../__testUtils__/observations';
import { workloadsWithoutZoneSpread } from './workloadsWithoutZoneSpread';

describe('workloadsWithoutZoneSpread', () => {
  it('lists multi-replica Deployments without zone spread on a Karpenter cluster', () => {
    const obs = healthyObservations();
    obs.karpenter = { data: karpenter() };
    obs.workloads = {
      data: workloads({
        deployments: [
          deployment({ name: 'web', replicas: 3 }),
          deployment({ name: 'spread', replicas: 3, spreadsOverZones: true }),
          deployment({ name: 'single', replicas: 1 }),
          deployment({
            namespace: 'kube-system',
            name: 'coredns',
            replicas: 2,
          }),
        ],
      }),
    };
    const [finding] = workloadsWithoutZoneSpread(obs);
    expect(finding.id).toBe('workloads-without-zone-spread');
    expect(finding.resources).toEqual(['deployment/orders/web']);
  });

  it('stays quiet on a single-zone cluster without Karpenter', () => {
    const obs = healthyObservations();
    obs.workloads = {
      data: workloads({
        deployments: [deployment({ name: 'web', replicas: 3 })],
      }),
    };
    expect(workloadsWithoutZoneSpread(obs)).toEqual([]);
  });
});
