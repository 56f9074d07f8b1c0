import {
  addon,
  association,
  crashLoopingKarpenterPod,
  healthyObservations,
  karpenter,
  karpenterDeployment,
  karpenterPod,
  workloads,
} from '../__testUtils__/observations';
import { karpenterWithoutPodIdentityAgent } from './karpenterWithoutPodIdentityAgent';

function karpenterOnPodIdentity() {
  const obs = healthyObservations();
  obs.karpenter = { data: karpenter() };
  obs.workloads = { data: workloads({ deployments: [karpenterDeployment()] }) };
  obs.podIdentityAssociations = {
    data: [
      association({ namespace: 'kube-system', serviceAccount: 'karpenter' }),
    ],
  };
  obs.karpenterControllerPods = { data: [karpenterPod()] };
  return obs;
}

describe('karpenterWithoutPodIdentityAgent', () => {
  it('warns when Karpenter has an association but the agent add-on is missing', () => {
    const obs = karpenterOnPodIdentity();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    const [finding] = karpenterWithoutPodIdentityAgent(obs);
    expect(finding).toMatchObject({
      id: 'karpenter-without-pod-identity-agent',
      severity: 'warning',
      resources: [
        'addon/eks-pod-identity-agent',
        'deployment/kube-system/karpenter',
      ],
    });
    expect(finding.what).toMatch(/not installed/);
    expect(finding.fix).toMatch(/--addon-name eks-pod-identity-agent/);
  });

  it('leaves a crash-looping controller to karpenterControllerCrashLoop', () => {
    const obs = karpenterOnPodIdentity();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    obs.karpenterControllerPods = {
      data: [crashLoopingKarpenterPod('ec2 api connectivity check failed')],
    };
    expect(karpenterWithoutPodIdentityAgent(obs)).toEqual([]);
  });

  it('stays quiet with the agent, without an association (IRSA), or on Auto Mode', () => {
    expect(karpenterWithoutPodIdentityAgent(karpenterOnPodIdentity())).toEqual(
      [],
    );

    const irsa = karpenterOnPodIdentity();
    irsa.addons = { data: [addon({ name: 'vpc-cni' })] };
    irsa.podIdentityAssociations = { data: [] };
    expect(karpenterWithoutPodIdentityAgent(irsa)).toEqual([]);

    const autoMode = karpenterOnPodIdentity();
    autoMode.addons = { data: [] };
    autoMode.cluster = { data: { ...autoMode.cluster.data!, autoMode: true } };
    expect(karpenterWithoutPodIdentityAgent(autoMode)).toEqual([]);
  });
});
