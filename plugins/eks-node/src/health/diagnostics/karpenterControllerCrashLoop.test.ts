import {
  addon,
  association,
  crashLoopingKarpenterPod,
  healthyObservations,
  karpenter,
  karpenterDeployment,
  karpenterPod,
  nodeGroup,
  workloads,
} from '../__testUtils__/observations';
import { karpenterControllerCrashLoop } from './karpenterControllerCrashLoop';

const karpenterAssociation = association({
  namespace: 'kube-system',
  serviceAccount: 'karpenter',
  roleArn: 'arn:aws:iam::000000000000:role/KarpenterController-demo',
});

/** Karpenter installed with Pod Identity (agent and association present). */
function withKarpenter() {
  const obs = healthyObservations();
  obs.karpenter = {
    data: karpenter({
      controller: { ready: 0, desired: 1, namespace: 'kube-system' },
    }),
  };
  obs.workloads = {
    data: workloads({
      deployments: [karpenterDeployment({ readyReplicas: 0 })],
    }),
  };
  obs.podIdentityAssociations = { data: [karpenterAssociation] };
  return obs;
}

describe('karpenterControllerCrashLoop', () => {
  it('no Pod Identity agent ("ec2 api connectivity check failed"): install the agent add-on', () => {
    const obs = withKarpenter();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    obs.karpenterControllerPods = {
      data: [
        crashLoopingKarpenterPod(
          'panic: ec2 api connectivity check failed, operation error EC2: DescribeInstanceTypes, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found',
        ),
      ],
    };
    const [finding] = karpenterControllerCrashLoop(obs);
    expect(finding).toMatchObject({
      id: 'karpenter-crash-loop-no-credentials',
      severity: 'critical',
    });
    expect(finding.what).toMatch(
      /5 restarts; CrashLoopBackOff, Error \(exit 2\)/,
    );
    expect(finding.what).toMatch(/ec2 api connectivity check failed/);
    expect(finding.fix).toMatch(
      /aws eks create-addon --cluster-name demo --addon-name eks-pod-identity-agent/,
    );
    expect(finding.fix).not.toMatch(/create-pod-identity-association/);
    expect(finding.resources).toEqual([
      'deployment/kube-system/karpenter',
      'pod/kube-system/karpenter-7d4b9c8f6d-x2x9k',
      'addon/eks-pod-identity-agent',
    ]);
  });

  it('no Pod Identity association: create the association', () => {
    const obs = withKarpenter();
    obs.podIdentityAssociations = { data: [] };
    obs.karpenterControllerPods = {
      data: [crashLoopingKarpenterPod('ec2 api connectivity check failed')],
    };
    const [finding] = karpenterControllerCrashLoop(obs);
    expect(finding.id).toBe('karpenter-crash-loop-no-credentials');
    expect(finding.fix).toMatch(
      /aws eks create-pod-identity-association --cluster-name demo --namespace kube-system --service-account karpenter/,
    );
    expect(finding.fix).not.toMatch(/create-addon/);
  });

  it('agent and association present but refused: fix the role trust or policy', () => {
    const obs = withKarpenter();
    obs.karpenterControllerPods = {
      data: [
        crashLoopingKarpenterPod(
          'ec2 api connectivity check failed: UnauthorizedOperation: You are not authorized to perform this operation',
        ),
      ],
    };
    const [finding] = karpenterControllerCrashLoop(obs);
    expect(finding.id).toBe('karpenter-crash-loop-no-credentials');
    expect(finding.fix).toMatch(
      /KarpenterController-demo is refused: it must trust pods\.eks\.amazonaws\.com/,
    );
  });

  it('no region from IMDS at hop limit 1: set AWS_REGION or raise the hop limit', () => {
    const obs = withKarpenter();
    obs.nodeGroups = {
      data: [nodeGroup({ name: 'system', httpPutResponseHopLimit: 1 })],
    };
    obs.karpenterControllerPods = {
      data: [
        crashLoopingKarpenterPod(
          'panic: unable to determine region from IMDS: operation error ec2imds: GetRegion, context deadline exceeded',
        ),
      ],
    };
    const [finding] = karpenterControllerCrashLoop(obs);
    expect(finding.id).toBe('karpenter-crash-loop-no-region');
    expect(finding.fix).toMatch(/AWS_REGION=eu-west-1/);
    expect(finding.fix).toMatch(
      /node group system: .*HttpPutResponseHopLimit 2/,
    );
    expect(finding.resources).not.toContain('addon/eks-pod-identity-agent');
  });

  it('no termination message and nothing missing: names both causes and their fixes', () => {
    const obs = withKarpenter();
    obs.karpenterControllerPods = { data: [crashLoopingKarpenterPod()] };
    const [finding] = karpenterControllerCrashLoop(obs);
    expect(finding.id).toBe('karpenter-crash-loop');
    expect(finding.what).toMatch(/no termination message/);
    expect(finding.fix).toMatch(/logs deployment\/karpenter --previous/);
    expect(finding.fix).toMatch(/ec2 api connectivity check failed.*trust/);
    expect(finding.fix).toMatch(
      /unable to determine region from IMDS.*AWS_REGION/,
    );
  });

  it('no termination message but the agent is missing: credentials', () => {
    const obs = withKarpenter();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    obs.karpenterControllerPods = { data: [crashLoopingKarpenterPod()] };
    expect(karpenterControllerCrashLoop(obs)[0].id).toBe(
      'karpenter-crash-loop-no-credentials',
    );
  });

  it('stays quiet while the controller pods run', () => {
    const obs = withKarpenter();
    obs.addons = { data: [addon({ name: 'vpc-cni' })] };
    obs.karpenterControllerPods = { data: [karpenterPod()] };
    expect(karpenterControllerCrashLoop(obs)).toEqual([]);
  });
});
