import type { AwsClients } from '../../aws/AwsClientFactory';
import { probeInterruptionQueue } from './interruptionQueue';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo';
const pattern = (detailType: string) =>
  JSON.stringify({ source: ['aws.ec2'], 'detail-type': [detailType] });

/** AWS clients whose SQS and EventBridge answer from a table, recording calls. */
function fakeAws(opts: {
  queueExists: boolean;
  rules: Record<string, { pattern: string; state?: string }>;
  eventBridgeFails?: boolean;
}) {
  const calls: string[] = [];
  const answer = async (command: {
    constructor: { name: string };
    input: any;
  }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls.push(name);
    switch (name) {
      case 'GetQueueUrl':
        if (!opts.queueExists) {
          throw Object.assign(new Error('no queue'), {
            name: 'QueueDoesNotExist',
          });
        }
        return {
          QueueUrl:
            'https://sqs.eu-west-1.amazonaws.com/000000000000/Karpenter-demo',
        };
      case 'GetQueueAttributes':
        return { Attributes: { ApproximateNumberOfMessages: '3' } };
      case 'ListRuleNamesByTarget':
        if (opts.eventBridgeFails) throw new Error('AccessDenied');
        expect(command.input.TargetArn).toBe(QUEUE_ARN);
        return { RuleNames: Object.keys(opts.rules) };
      case 'DescribeRule': {
        const rule = opts.rules[command.input.Name];
        return {
          Name: command.input.Name,
          EventPattern: rule.pattern,
          State: rule.state ?? 'ENABLED',
        };
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  const aws = {
    target: { region: 'eu-west-1', accountId: '000000000000' },
    sqs: { send: answer },
    eventBridge: { send: answer },
  } as unknown as AwsClients;
  return { aws, calls };
}

describe('probeInterruptionQueue', () => {
  it('reads depth and classifies the rules that target the queue', async () => {
    const { aws, calls } = fakeAws({
      queueExists: true,
      rules: {
        'k-health': {
          pattern: JSON.stringify({
            source: ['aws.health'],
            'detail-type': ['AWS Health Event'],
          }),
        },
        'k-spot': {
          pattern: pattern('EC2 Spot Instance Interruption Warning'),
        },
        'k-rebalance': {
          pattern: pattern('EC2 Instance Rebalance Recommendation'),
          state: 'DISABLED',
        },
        'k-state': {
          pattern: pattern('EC2 Instance State-change Notification'),
        },
      },
    });
    const queue = await probeInterruptionQueue(aws, 'Karpenter-demo', 1000);
    expect(queue).toMatchObject({
      name: 'Karpenter-demo',
      exists: true,
      approximateMessages: 3,
    });
    expect(queue.rules).toEqual([
      { kind: 'health-event', name: 'k-health', present: true },
      { kind: 'spot-interruption', name: 'k-spot', present: true },
      { kind: 'rebalance', name: undefined, present: false },
      { kind: 'instance-state-change', name: 'k-state', present: true },
      {
        kind: 'capacity-reservation-interruption',
        name: undefined,
        present: false,
      },
    ]);
    expect(calls.filter(c => c === 'DescribeRule')).toHaveLength(4);
  });

  it('reports a missing queue with absent rules even when EventBridge fails', async () => {
    const { aws, calls } = fakeAws({
      queueExists: false,
      rules: {},
      eventBridgeFails: true,
    });
    const queue = await probeInterruptionQueue(aws, 'Karpenter-demo', 1000);
    expect(queue.exists).toBe(false);
    expect(queue.rules.every(r => !r.present)).toBe(true);
    expect(calls).not.toContain('GetQueueAttributes');
  });

  it('fails when the queue exists but its rules cannot be read', async () => {
    const { aws } = fakeAws({
      queueExists: true,
      rules: {},
      eventBridgeFails: true,
    });
    await expect(
      probeInterruptionQueue(aws, 'Karpenter-demo', 1000),
    ).rejects.toMatchObject({
      sectionError: {
        source: 'events:ListRuleNamesByTarget',
        message: 'AccessDenied',
      },
    });
  });
});
