import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  InvalidEventPatternException,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { eventsClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('EventBridge', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  beforeEach(() => sandbox.reset());

  it('lists the seeded Karpenter interruption rules by prefix, targeting the queue', async () => {
    const events = eventsClient(sandbox);
    const { Rules } = await events.send(
      new ListRulesCommand({ NamePrefix: 'Karpenter-demo' }),
    );
    expect(Rules?.map(r => r.Name)).toEqual([
      'Karpenter-demo-CapacityReservationInterrupt',
      'Karpenter-demo-HealthEvent',
      'Karpenter-demo-InstanceRebalance',
      'Karpenter-demo-InstanceStateChange',
      'Karpenter-demo-SpotInterrupt',
    ]);
    const { Targets } = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'Karpenter-demo-SpotInterrupt' }),
    );
    expect(Targets).toEqual([
      {
        Id: 'KarpenterInterruptionQueueTarget',
        Arn: 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo',
      },
    ]);
  });

  it('finds the rules that target a queue (ListRuleNamesByTarget)', async () => {
    const events = eventsClient(sandbox);
    const queueArn = 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo';
    const { RuleNames } = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: queueArn }),
    );
    expect(RuleNames).toHaveLength(5);
    expect(RuleNames).toContain('Karpenter-demo-SpotInterrupt');

    const firstPage = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: queueArn, Limit: 2 }),
    );
    expect(firstPage.RuleNames).toHaveLength(2);
    const rest = await events.send(
      new ListRuleNamesByTargetCommand({
        TargetArn: queueArn,
        NextToken: firstPage.NextToken,
      }),
    );
    expect([...firstPage.RuleNames!, ...rest.RuleNames!]).toEqual(RuleNames);

    await events.send(
      new RemoveTargetsCommand({
        Rule: 'Karpenter-demo-SpotInterrupt',
        Ids: ['KarpenterInterruptionQueueTarget'],
      }),
    );
    const after = await events.send(
      new ListRuleNamesByTargetCommand({ TargetArn: queueArn }),
    );
    expect(after.RuleNames).not.toContain('Karpenter-demo-SpotInterrupt');
    expect(
      (
        await events.send(
          new ListRuleNamesByTargetCommand({
            TargetArn: 'arn:aws:sqs:eu-west-1:000000000000:other',
          }),
        )
      ).RuleNames,
    ).toEqual([]);
  });

  it('stores event patterns as given and manages targets and tags', async () => {
    const events = eventsClient(sandbox);
    const pattern =
      '{"source":["aws.ec2"],\n "detail-type":["EC2 Spot Instance Interruption Warning"]}';
    const { RuleArn } = await events.send(
      new PutRuleCommand({
        Name: 'shop-spot',
        EventPattern: pattern,
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(RuleArn).toBe(
      'arn:aws:events:eu-west-1:000000000000:rule/shop-spot',
    );
    const described = await events.send(
      new DescribeRuleCommand({ Name: 'shop-spot' }),
    );
    expect(described).toMatchObject({
      Name: 'shop-spot',
      EventPattern: pattern,
      State: 'ENABLED',
      EventBusName: 'default',
      Arn: RuleArn,
    });
    await expect(
      events.send(
        new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": [' }),
      ),
    ).rejects.toBeInstanceOf(InvalidEventPatternException);
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'shop-spot',
        Targets: [
          { Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo' },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await expect(
      events.send(new DeleteRuleCommand({ Name: 'shop-spot' })),
    ).rejects.toThrow("Rule can't be deleted since it has targets.");
    await events.send(
      new TagResourceCommand({
        ResourceARN: RuleArn,
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
    );
    expect(
      (
        await events.send(
          new ListTagsForResourceCommand({ ResourceARN: RuleArn }),
        )
      ).Tags,
    ).toEqual([
      { Key: 'team', Value: 'shop' },
      { Key: 'env', Value: 'test' },
    ]);
    await events.send(
      new RemoveTargetsCommand({ Rule: 'shop-spot', Ids: ['q'] }),
    );
    await events.send(new DeleteRuleCommand({ Name: 'shop-spot' }));
    await expect(
      events.send(new DescribeRuleCommand({ Name: 'shop-spot' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'PutRule',
      'PutTargets',
      'TagResource',
      'RemoveTargets',
      'DeleteRule',
    ]);
  });

  it('throttles with ThrottlingException, which the SDK retries', async () => {
    sandbox.faults.set({ service: 'events', throttleRate: 1, count: 1 });
    const result = await eventsClient(sandbox).send(new ListRulesCommand({}));
    expect(result.$metadata.attempts).toBe(2);
  });
});
