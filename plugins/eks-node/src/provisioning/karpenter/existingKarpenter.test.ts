import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../clusterLookup';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import { karpenterControllerPolicy } from './controllerPolicy';
import { inspectExistingKarpenter } from './existingKarpenter';

/** The sandbox's `demo` runs a Karpenter that these actions did not install. */
describe('inspectExistingKarpenter on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const queueArn = () =>
    `arn:aws:sqs:${sandbox.region}:${sandbox.accountId}:Karpenter-demo`;
  const nodeRoleArn = () =>
    `arn:aws:iam::${sandbox.accountId}:role/KarpenterNodeRole-demo`;

  const inspect = async (chartVersion = '1.14.1') => {
    const cluster = await requireCluster(run, 'demo');
    const k8s = await provisioningKubernetesClients(
      run,
      new KubernetesClientFactory(),
      cluster,
    );
    return inspectExistingKarpenter(run, {
      clusterName: 'demo',
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      chartVersion,
      queueName: 'Karpenter-demo',
      queueArn: queueArn(),
      objects: k8s.objects,
    });
  };

  it('finds the pieces that can serve and reports the controller role that cannot', async () => {
    const found = await inspect();
    // the EC2NodeClass's node role, the queue and rules serve; the
    // controller runs 1.8.1, older than the wanted 1.14.1
    expect(found.nodeRoleArn).toBe(nodeRoleArn());
    expect(found.keepController).toBeUndefined();
    expect(found.controllerRoleArn).toBeUndefined();
    expect(found.findings).toEqual([
      {
        resource: `Pod Identity association kube-system/karpenter (role arn:aws:iam::${sandbox.accountId}:role/KarpenterController-demo)`,
        owner: 'not made by Backstage',
        changes: [
          expect.stringMatching(
            /^its role KarpenterController-demo does not allow .*ec2:CreateLaunchTemplate.*ec2:DescribeInstanceStatus.*ec2:DescribePlacementGroups.*iam:CreateInstanceProfile.*, which Karpenter 1\.14\.1 needs$/,
          ),
          expect.stringMatching(/does not re-point another's association/),
        ],
      },
      expect.objectContaining({
        resource:
          'Deployment kube-system/karpenter (public.ecr.aws/karpenter/controller:1.8.1, not from a Helm release)',
        changes: [
          expect.stringMatching(
            /^runs Karpenter 1\.8\.1, not 1\.14\.1: installing the chart over it needs adopt/,
          ),
        ],
      }),
    ]);
    expect(sandbox.writes).toEqual([]);
  });

  it("adopts the association's role once it has the controller policy of the version, and reports a controller of another version", async () => {
    await run.aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'KarpenterController-demo',
        PolicyName: 'KarpenterControllerPolicy',
        PolicyDocument: JSON.stringify(
          karpenterControllerPolicy({
            clusterName: 'demo',
            region: sandbox.region,
            accountId: sandbox.accountId,
            queueArn: queueArn(),
            nodeRoleArn: nodeRoleArn(),
            chartVersion: '1.14.1',
          }),
        ),
      }),
    );
    const found = await inspect();
    expect(found.findings.map(f => f.resource)).toEqual([
      expect.stringMatching(/^Deployment kube-system\/karpenter/),
    ]);
    expect(found.controllerRoleArn).toBe(
      `arn:aws:iam::${sandbox.accountId}:role/KarpenterController-demo`,
    );

    const other = await inspect('1.13.1');
    expect(other.keepController).toBeUndefined();
    expect(other.findings).toEqual([
      expect.objectContaining({
        resource: expect.stringMatching(/^Deployment kube-system\/karpenter/),
        changes: [
          expect.stringMatching(
            /^runs Karpenter 1\.8\.1, not 1\.13\.1: installing the chart over it needs adopt/,
          ),
        ],
      }),
    ]);
  });
});
