import { karpenterControllerActions } from '../../provisioning/karpenter/controllerActions';
import {
  healthyObservations,
  karpenter,
  karpenterDeployment,
  workloads,
} from '../__testUtils__/observations';
import type { DeploymentObservation } from '../types';
import { karpenterControllerPolicy } from './karpenterControllerPolicy';

const roleArn = 'arn:aws:iam::000000000000:role/KarpenterController-demo';

/** The cluster's own Karpenter of `version` whose role allows `allowed`. */
function withRole(
  version: string,
  allowed: string[],
  controller: Partial<DeploymentObservation> = {},
) {
  const obs = healthyObservations();
  obs.karpenter = { data: karpenter({ version }) };
  obs.workloads = {
    data: workloads({ deployments: [karpenterDeployment(controller)] }),
  };
  obs.karpenterControllerRole = {
    data: {
      roleArn,
      policyNames: ['KarpenterController'],
      allowedActions: allowed,
    },
  };
  return obs;
}

const without = (actions: string[], ...missing: string[]) =>
  actions.filter(a => !missing.includes(a));

describe('karpenterControllerPolicy', () => {
  const current = karpenterControllerActions('1.14.1');

  it("names what a 1.14 role lacks (1.12's ec2:DescribeInstanceStatus, 1.11's ec2:DescribePlacementGroups) and links the template prefilled with that version", () => {
    const [finding] = karpenterControllerPolicy(
      withRole(
        '1.14.1',
        without(
          current,
          'ec2:DescribeInstanceStatus',
          'ec2:DescribePlacementGroups',
        ),
      ),
    );
    expect(finding).toMatchObject({
      id: 'karpenter-controller-policy-behind-version',
      severity: 'warning',
      title:
        "Karpenter 1.14.1's role does not allow 2 actions that version needs",
      resources: ['deployment/kube-system/karpenter', roleArn],
    });
    expect(finding.what).toBe(
      'The controller runs as KarpenterController-demo (its Pod Identity association), whose policies do not allow ec2:DescribeInstanceStatus (needed since 1.12.0), ec2:DescribePlacementGroups (needed since 1.11.0).',
    );
    expect(finding.fix).toMatch(/chart version 1\.14\.1/);
    expect(decodeURIComponent(finding.action!.path)).toBe(
      '/create/templates/default/setup-karpenter?formData={"cluster":"demo","region":"eu-west-1","accountId":"000000000000","chartVersion":"1.14.1"}',
    );
  });

  it('stays quiet when the role allows every action, by name or by wildcard (case-insensitive, as IAM compares)', () => {
    expect(karpenterControllerPolicy(withRole('1.14.1', current))).toEqual([]);
    const wildcards = [
      ...current.filter(a => !a.startsWith('ec2:Describe')),
      'EC2:Describe*',
    ];
    expect(wildcards.length).toBeLessThan(current.length - 1);
    expect(karpenterControllerPolicy(withRole('1.14.1', wildcards))).toEqual(
      [],
    );
  });

  it('needs arc-zonal-shift:GetManagedResource only when the controller runs with ENABLE_ZONAL_SHIFT', () => {
    expect(karpenterControllerPolicy(withRole('1.14.1', current))).toEqual([]);
    const [finding] = karpenterControllerPolicy(
      withRole('1.14.1', current, { enableZonalShift: true }),
    );
    expect(finding.what).toMatch(
      /with settings\.enableZonalShift\), whose policies do not allow arc-zonal-shift:GetManagedResource \(needed since 1\.12\.0\)\.$/,
    );
    expect(finding.fix).toMatch(/and enableZonalShift/);
  });

  it('judges a version outside the release table by the requirements released by then, and offers the latest chart', () => {
    const older = without(
      current,
      'ec2:DescribeInstanceStatus',
      'ec2:DescribePlacementGroups',
    );
    // 1.10 needs neither of the two later actions
    expect(karpenterControllerPolicy(withRole('1.10.2', older))).toEqual([]);
    // 1.11 needs the placement groups, not yet the instance status
    const [finding] = karpenterControllerPolicy(withRole('1.11.3', older));
    expect(finding.what).toMatch(
      /do not allow ec2:DescribePlacementGroups \(needed since 1\.11\.0\)\.$/,
    );
    expect(decodeURIComponent(finding.action!.path)).toMatch(
      /"chartVersion":"1\.14\.1"/,
    );
    // before v1 the policy differs: not judged
    expect(karpenterControllerPolicy(withRole('0.37.0', []))).toEqual([]);
  });

  it('names at most six actions and counts the rest', () => {
    const [finding] = karpenterControllerPolicy(
      withRole('1.14.1', ['sqs:ReceiveMessage']),
    );
    expect(finding.what).toMatch(
      new RegExp(` and ${current.length - 1 - 6} more\\.$`),
    );
  });

  it('says when the role could not be read, and stays quiet without the role, without Karpenter or on Auto Mode', () => {
    const failed = withRole('1.14.1', []);
    failed.karpenterControllerRole = {
      error: { source: 'iam:GetPolicyVersion', message: 'AccessDenied' },
    };
    expect(karpenterControllerPolicy(failed)).toEqual([
      expect.objectContaining({
        id: 'karpenter-controller-policy-unchecked',
        severity: 'info',
        what: 'iam:GetPolicyVersion failed: AccessDenied',
      }),
    ]);
    const noRole = withRole('1.14.1', []);
    noRole.karpenterControllerRole = { data: undefined };
    expect(karpenterControllerPolicy(noRole)).toEqual([]);
    expect(karpenterControllerPolicy(healthyObservations())).toEqual([]);
    const autoMode = withRole('1.14.1', []);
    autoMode.karpenter = {
      data: karpenter({
        runBy: 'eks-auto-mode',
        controller: undefined,
        version: undefined,
      }),
    };
    expect(karpenterControllerPolicy(autoMode)).toEqual([]);
  });
});
