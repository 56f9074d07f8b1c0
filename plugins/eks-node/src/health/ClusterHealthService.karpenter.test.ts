import {
  DeleteRuleCommand,
  ListRuleNamesByTargetCommand,
  RemoveTargetsCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../aws/AwsClientFactory';
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
});
