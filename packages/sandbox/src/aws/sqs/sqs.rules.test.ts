import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { sqsClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

/** SQS's rules of packages/sandbox/RULES.md: queue types, names and attribute values. */

describe('SQS rules beyond the model', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  beforeEach(() => sandbox.reset());
  const create = (QueueName: string, Attributes?: Record<string, string>) =>
    sqsClient(sandbox).send(new CreateQueueCommand({ QueueName, Attributes }));

  it('names a FIFO queue .fifo and a standard queue without it', async () => {
    const fifoWithoutSuffix = await create('orders', {
      FifoQueue: 'true',
    }).catch(e => e);
    expect(fifoWithoutSuffix.name).toBe('InvalidParameterValue');
    expect(fifoWithoutSuffix.message).toBe(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
    await expect(create('orders.fifo')).rejects.toThrow(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
    await expect(create('bad name')).rejects.toThrow(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
    const { QueueUrl } = await create('orders.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
    });
    expect(QueueUrl).toMatch(/\/orders\.fifo$/);
  });

  it('knows FIFO-only attributes on FIFO queues only, and the queue type is fixed', async () => {
    await expect(
      create('plain', { ContentBasedDeduplication: 'true' }),
    ).rejects.toThrow('Unknown Attribute ContentBasedDeduplication.');
    const { QueueUrl } = await create('plain');
    await expect(
      sqsClient(sandbox).send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { FifoQueue: 'true' },
        }),
      ),
    ).rejects.toThrow(/FifoQueue/);
  });

  it('takes attribute values in their ranges; messages up to 1 MiB by default', async () => {
    await expect(
      create('q', { MessageRetentionPeriod: '59' }),
    ).rejects.toMatchObject({ name: 'InvalidAttributeValue' });
    await expect(
      create('q', { MaximumMessageSize: '1048577' }),
    ).rejects.toMatchObject({ name: 'InvalidAttributeValue' });
    const { QueueUrl } = await create('q', { MaximumMessageSize: '1048576' });
    const { Attributes } = await sqsClient(sandbox).send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.MaximumMessageSize).toBe('1048576');
    const { QueueUrl: defaults } = await create('defaults');
    const fresh = await sqsClient(sandbox).send(
      new GetQueueAttributesCommand({
        QueueUrl: defaults,
        AttributeNames: ['MaximumMessageSize'],
      }),
    );
    expect(fresh.Attributes?.MaximumMessageSize).toBe('1048576');
  });
});
