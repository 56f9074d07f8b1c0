import {
  DeleteRuleCommand,
  ListRuleNamesByTargetCommand,
  RemoveTargetsCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeleteRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import type { AwsClients } from '../aws/AwsClientFactory';
import { arrangeClients } from '../__testUtils__/arrangeClients';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import { karpenterInstalledVersionActions } from '../provisioning/karpenter/controllerActions';
import { useHealthService } from './__testUtils__/sandboxContext';
import { ClusterHealthService } from './ClusterHealthService';

const demo = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};
const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo';

describe("ClusterHealthService: Karpenter's interruption queue on the sandbox", () => {
  let aws: AwsClients;
  let service: ClusterHealthService;

  useHealthService(s => ({ aws, service } = s));

  it('finds the queue, its depth and the five rules of the demo cluster', async () => {
    const health = await service.getClusterHealth(demo);
    expect(health.karpenter.data?.interruptionQueue).toEqual({
      name: 'Karpenter-demo',
      url: expect.any(String),
      exists: true,
      approximateMessages: 0,
      rules: [
        'health-event',
        'spot-interruption',
        'rebalance',
        'instance-state-change',
        'capacity-reservation-interruption',
      ].map(kind => ({ kind, name: expect.any(String), present: true })),
    });
    const ids = health.diagnostics.map(d => d.id);
    expect(ids).not.toContain('karpenter-interruption-rules-missing');
    expect(ids).not.toContain('karpenter-without-interruption-queue');
  });

  it("says the demo cluster's seeded Karpenter 1.8.1 is older than the latest supported release", async () => {
    const health = await service.getClusterHealth(demo);
    expect(health.karpenter.data?.version).toBe('1.8.1');
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'karpenter-behind-latest-release',
        title:
          'Karpenter 1.8.1 is older than the latest supported release 1.14.1',
        action: expect.objectContaining({
          path: expect.stringContaining(
            '/create/templates/default/setup-karpenter',
          ),
        }),
      }),
    );
  });

  it('names a rule that no longer targets the queue', async () => {
    const { RuleNames } = await aws.eventBridge.send(
      new ListRuleNamesByTargetCommand({ TargetArn: QUEUE_ARN }),
    );
    const spotRule = RuleNames!.find(name => /spot/i.test(name))!;
    const { Targets } = await aws.eventBridge.send(
      new ListTargetsByRuleCommand({ Rule: spotRule }),
    );
    await aws.eventBridge.send(
      new RemoveTargetsCommand({
        Rule: spotRule,
        Ids: Targets!.map(t => t.Id!),
      }),
    );
    await aws.eventBridge.send(new DeleteRuleCommand({ Name: spotRule }));

    const health = await service.getClusterHealth(demo);
    expect(
      health.karpenter.data?.interruptionQueue?.rules.find(
        r => r.kind === 'spot-interruption',
      )?.present,
    ).toBe(false);
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'karpenter-interruption-rules-missing',
        what: expect.stringContaining('spot-interruption'),
      }),
    );
  });

  it('flags Karpenter without its queue', async () => {
    const { QueueUrl } = await aws.sqs.send(
      new GetQueueUrlCommand({ QueueName: 'Karpenter-demo' }),
    );
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    const health = await service.getClusterHealth(demo);
    expect(health.karpenter.data?.interruptionQueue?.exists).toBe(false);
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({ id: 'karpenter-without-interruption-queue' }),
    );
  });

  it("checks the running controller's role against what its version needs: the seeded policy, a managed one, then a helm upgrade by hand to 1.12 with zonal shift", async () => {
    const policyFinding = async () =>
      (await service.getClusterHealth(demo)).diagnostics.find(d =>
        d.id.startsWith('karpenter-controller-policy'),
      );
    const roleArn = 'arn:aws:iam::000000000000:role/KarpenterController-demo';
    // the seeded inline policy grants a few actions only
    expect(await policyFinding()).toMatchObject({
      id: 'karpenter-controller-policy-behind-version',
      resources: ['deployment/kube-system/karpenter', roleArn],
    });
    // a customer-managed policy with everything 1.8.1 needs, in its place
    const arrange = arrangeClients(aws);
    const { Policy } = await arrange.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'KarpenterController-demo-1.8',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: karpenterInstalledVersionActions('1.8.1'),
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await arrange.iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'KarpenterController-demo',
        PolicyArn: Policy!.Arn,
      }),
    );
    await arrange.iam.send(
      new DeleteRolePolicyCommand({
        RoleName: 'KarpenterController-demo',
        PolicyName: 'KarpenterControllerPolicy',
      }),
    );
    expect(await policyFinding()).toBeUndefined();
    // helm upgrade to 1.12.0 with settings.enableZonalShift, policy untouched
    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    const k8s = await new KubernetesClientFactory().forCluster(aws, {
      name: 'demo',
      endpoint: cluster!.endpoint!,
      certificateAuthorityData: cluster!.certificateAuthority!.data,
    });
    const deployment = await k8s.apps.readNamespacedDeployment({
      namespace: 'kube-system',
      name: 'karpenter',
    });
    deployment.metadata!.labels!['app.kubernetes.io/version'] = '1.12.0';
    const container = deployment.spec!.template.spec!.containers[0];
    container.image = 'public.ecr.aws/karpenter/controller:1.12.0';
    container.env = [
      ...(container.env ?? []),
      { name: 'ENABLE_ZONAL_SHIFT', value: 'true' },
    ];
    await k8s.apps.replaceNamespacedDeployment({
      namespace: 'kube-system',
      name: 'karpenter',
      body: deployment,
    });
    const finding = await policyFinding();
    expect(finding).toMatchObject({
      id: 'karpenter-controller-policy-behind-version',
      title:
        "Karpenter 1.12.0's role does not allow 3 actions that version needs",
    });
    expect(finding!.what).toMatch(
      /ec2:DescribePlacementGroups \(needed since 1\.11\.0\)/,
    );
    expect(finding!.what).toMatch(
      /ec2:DescribeInstanceStatus \(needed since 1\.12\.0\)/,
    );
    expect(finding!.what).toMatch(/arc-zonal-shift:GetManagedResource/);
    expect(decodeURIComponent(finding!.action!.path)).toMatch(
      /"chartVersion":"1\.14\.1"/,
    );
  });
});
