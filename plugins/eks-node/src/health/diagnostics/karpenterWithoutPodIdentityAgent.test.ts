import {
  addon,
  healthyObservations,
  karpenter,
  karpenterDeployment,
  workloads,
} from '../__testUtils__/observations';
import { karpenterWithoutPodIdentityAgent } from './karpenterWithoutPodIdentityAgent';

describe('karpenterWithoutPodIdentityAgent', () => {
  it('is critical when Karpenter is installed, the agent missing and the controller not ready', () => {
    const obs = healthyObservations();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    obs.karpenter = {
      data: karpenter({
        controller: { ready: 0, desired: 2, namespace: 'kube-system' },
      }),
    };
    obs.workloads = {
      data: workloads({
        deployments: [karpenterDeployment({ readyReplicas: 0 })],
      }),
    };
    const [finding] = karpenterWithoutPodIdentityAgent(obs);
    expect(finding).toMatchObject({
      id: 'karpenter-without-pod-identity-agent',
      severity: 'critical',
    });
    expect(finding.what).toMatch(/not installed.*0\/2/);
    expect(finding.resources).toContain('deployment/kube-system/karpenter');
  });

  it('stays quiet with the agent add-on, or without Karpenter', () => {
    const obs = healthyObservations();
    obs.karpenter = { data: karpenter() };
    expect(karpenterWithoutPodIdentityAgent(obs)).toEqual([]);

    const withoutKarpenter = healthyObservations();
    withoutKarpenter.addons = { data: [addon({ name: 'vpc-cni' })] };
    expect(karpenterWithoutPodIdentityAgent(withoutKarpenter)).toEqual([]);
  });
});
