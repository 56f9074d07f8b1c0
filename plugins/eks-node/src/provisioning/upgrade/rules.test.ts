import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { addonRunsOn } from './addonSteps';
import { disruptionsAllowed, kubeletMinorOf } from './clusterNodes';
import { findingLine, judgeInsights } from './findings';
import { nodegroupVersionProblem, updateConfigText } from './nodegroupSteps';
import type { ReadinessInsight } from './readinessInsights';

const pod = (ready: boolean): V1Pod => ({
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  },
});
const budget = (spec: V1PodDisruptionBudget['spec'], status?: object) =>
  ({ spec, status } as V1PodDisruptionBudget);

describe('disruptionsAllowed', () => {
  it("uses the disruption controller's count when the budget's status has one", () => {
    expect(
      disruptionsAllowed(
        budget(
          { minAvailable: 1 },
          { disruptionsAllowed: 0, observedGeneration: 1 },
        ),
        [pod(true), pod(true)],
      ),
    ).toBe(0);
  });

  it('counts from the spec and the healthy pods otherwise', () => {
    const three = [pod(true), pod(true), pod(true)];
    expect(disruptionsAllowed(budget({ minAvailable: 2 }), three)).toBe(1);
    expect(disruptionsAllowed(budget({ minAvailable: '100%' }), three)).toBe(0);
    expect(disruptionsAllowed(budget({ maxUnavailable: 0 }), three)).toBe(0);
    expect(disruptionsAllowed(budget({ maxUnavailable: '50%' }), three)).toBe(
      2,
    );
    expect(
      disruptionsAllowed(budget({ maxUnavailable: 1 }), [
        pod(true),
        pod(false),
      ]),
    ).toBe(0);
  });
});

it('reads the minor of a kubelet version', () => {
  expect(kubeletMinorOf('v1.33.5-eks-113cf36')).toBe('1.33');
  expect(kubeletMinorOf('1.9.0')).toBe('1.9');
  expect(kubeletMinorOf(undefined)).toBeUndefined();
});

describe('addonRunsOn', () => {
  it('is whether EKS offers the version for the Kubernetes version', () => {
    expect(addonRunsOn('coredns', 'v1.12.4', '1.34', ['v1.12.4'])).toBe(true);
    expect(addonRunsOn('coredns', 'v1.12.2', '1.34', ['v1.12.4'])).toBe(false);
  });

  it('follows the skew policy for kube-proxy: never newer than the API server, at most 3 minors older', () => {
    expect(addonRunsOn('kube-proxy', 'v1.33.3-eksbuild.4', '1.34', [])).toBe(
      true,
    );
    expect(addonRunsOn('kube-proxy', 'v1.31.3-eksbuild.1', '1.34', [])).toBe(
      true,
    );
    expect(addonRunsOn('kube-proxy', 'v1.30.3-eksbuild.1', '1.34', [])).toBe(
      false,
    );
    expect(addonRunsOn('kube-proxy', 'v1.34.1-eksbuild.2', '1.33', [])).toBe(
      false,
    );
  });
});

describe('judgeInsights', () => {
  const insight = (
    kind: ReadinessInsight['kind'],
    status: string,
    resources: string[] = [],
  ): ReadinessInsight => ({
    kind,
    resources,
    finding: {
      id: kind,
      name: kind,
      status,
      reason: 'r',
      recommendation: 'fix',
    },
  });
  const fixes = {
    addons: true,
    kubeProxy: false,
    nodegroupArns: new Set(['arn:ng/a']),
  };

  it('reports every insight not PASSING and blocks on the ERRORs the flow does not fix', () => {
    const judged = judgeInsights(
      [
        insight('addon-compatibility', 'ERROR'),
        insight('kubelet-skew', 'ERROR', ['arn:ng/a']),
        insight('kubelet-skew', 'ERROR', ['arn:ng/a', 'arn:ng/b']),
        insight('kube-proxy-skew', 'ERROR'),
        insight('deprecated-apis', 'WARNING'),
        insight('other', 'PASSING'),
      ],
      fixes,
    );
    expect(judged.findings.map(f => f.status)).toEqual([
      'ERROR',
      'ERROR',
      'ERROR',
      'ERROR',
      'WARNING',
    ]);
    expect(judged.blocking.map(f => f.id)).toEqual([
      'kubelet-skew',
      'kube-proxy-skew',
    ]);
    expect(
      judgeInsights([insight('addon-compatibility', 'ERROR')], {
        ...fixes,
        addons: false,
      }).blocking,
    ).toHaveLength(1);
  });

  it('writes a finding as one line with its source and fix', () => {
    expect(
      findingLine({
        id: 'abc',
        name: 'Cluster health issues',
        status: 'ERROR',
        reason: 'Ec2SubnetNotFound',
        recommendation: 'Recreate the subnet.',
      }),
    ).toBe(
      'Cluster health issues (ERROR, EKS insight abc): Ec2SubnetNotFound. Fix: Recreate the subnet.',
    );
  });
});

describe('node groups', () => {
  it('names what EKS cannot move by UpdateNodegroupVersion', () => {
    expect(
      nodegroupVersionProblem(
        { nodegroupName: 'a', amiType: 'CUSTOM' },
        '1.34',
      ),
    ).toMatch(/custom AMI/);
    expect(
      nodegroupVersionProblem(
        { nodegroupName: 'a', amiType: 'AL2_x86_64' },
        '1.33',
      ),
    ).toMatch(/no Amazon Linux 2 AMIs for Kubernetes 1.33 and later/);
    expect(
      nodegroupVersionProblem(
        { nodegroupName: 'a', amiType: 'AL2_x86_64' },
        '1.32',
      ),
    ).toBeUndefined();
    expect(
      nodegroupVersionProblem(
        { nodegroupName: 'a', amiType: 'AL2023_x86_64_STANDARD' },
        '1.34',
      ),
    ).toBeUndefined();
  });

  it('says how a node group replaces its nodes', () => {
    expect(updateConfigText({})).toBe('1 node at a time');
    expect(updateConfigText({ updateConfig: { maxUnavailable: 2 } })).toBe(
      '2 nodes at a time',
    );
    expect(
      updateConfigText({
        updateConfig: {
          maxUnavailablePercentage: 33,
          updateStrategy: 'MINIMAL',
        },
      }),
    ).toBe('33% of its nodes at a time, MINIMAL strategy');
  });
});
