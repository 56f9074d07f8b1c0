import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidAttributeName,
  ListQueueTagsCommand,
  QueueDoesNotExist,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { rawAwsRequest, sqsClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('SQS (JSON protocol)', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  beforeEach(() => sandbox.reset());

  it('serves the seeded Karpenter interruption queue with its policy and SSE', async () => {
    const sqs = sqsClient(sandbox);
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'Karpenter-demo' }),
    );
    expect(QueueUrl).toBe(`${sandbox.url}/000000000000/Karpenter-demo`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      QueueArn: 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo',
      SqsManagedSseEnabled: 'true',
      MessageRetentionPeriod: '300',
      ApproximateNumberOfMessages: '0',
    });
    const policy = JSON.parse(Attributes!.Policy!);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'EC2InterruptionPolicy',
      'DenyHTTP',
    ]);
  });

  it('creates queues, sets attributes, counts messages, tags and deletes', async () => {
    const sqs = sqsClient(sandbox);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'Karpenter-shop',
        Attributes: { MessageRetentionPeriod: '300' },
        tags: { team: 'shop' },
      }),
    );
    expect(
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: 'Karpenter-shop',
            Attributes: { MessageRetentionPeriod: '300' },
          }),
        )
      ).QueueUrl,
    ).toBe(QueueUrl);
    await expect(
      sqs.send(
        new CreateQueueCommand({
          QueueName: 'Karpenter-shop',
          Attributes: { MessageRetentionPeriod: '600' },
        }),
      ),
    ).rejects.toThrow(
      /different value for attribute\(s\) MessageRetentionPeriod/,
    );
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
          SqsManagedSseEnabled: 'true',
        },
      }),
    );
    await expect(
      sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { MessageRetentionPeriod: '5' },
        }),
      ),
    ).rejects.toThrow(
      /MessageRetentionPeriod: must be an integer from 60 to 1209600/,
    );
    await expect(
      sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { Colour: 'blue' } as Record<string, string>,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidAttributeName);
    for (const body of ['a', 'b', 'c'])
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'Policy'],
      }),
    );
    expect(Attributes).toEqual({
      ApproximateNumberOfMessages: '3',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    });
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'test' } }));
    expect(
      (await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags,
    ).toEqual({ team: 'shop', env: 'test' });
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await expect(
      sqs.send(new GetQueueUrlCommand({ QueueName: 'Karpenter-shop' })),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'CreateQueue',
      'CreateQueue',
      'SetQueueAttributes',
      'SendMessage',
      'SendMessage',
      'SendMessage',
      'TagQueue',
      'DeleteQueue',
    ]);
  });

  it('sends errors with __type and the query-compatible error header', async () => {
    const res = await rawAwsRequest(sandbox, 'sqs', {
      method: 'POST',
      body: JSON.stringify({ QueueName: 'missing' }),
      headers: {
        'x-amz-target': 'AmazonSQS.GetQueueUrl',
        'content-type': 'application/x-amz-json-1.0',
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
    expect(res.headers.get('x-amzn-query-error')).toBe(
      'AWS.SimpleQueueService.NonExistentQueue;Sender',
    );
  });
});
