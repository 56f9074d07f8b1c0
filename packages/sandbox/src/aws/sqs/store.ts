import type { RegionState } from '../../state';
import { Queue } from './model';

/** The default attributes of a new standard queue, as SQS reports them. */
export function defaultQueueAttributes(): Record<string, string> {
  return {
    VisibilityTimeout: '30',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
  };
}

export function queueUrl(baseUrl: string, accountId: string, name: string) {
  return `${baseUrl}/${accountId}/${name}`;
}

export function addQueue(
  regional: RegionState,
  baseUrl: string,
  name: string,
  attributes: Record<string, string>,
  tags: Record<string, string> = {},
): Queue {
  const now = Math.floor(Date.now() / 1000);
  const queue: Queue = {
    name,
    url: queueUrl(baseUrl, regional.accountId, name),
    arn: `arn:aws:sqs:${regional.region}:${regional.accountId}:${name}`,
    createdTimestamp: now,
    lastModifiedTimestamp: now,
    attributes: { ...defaultQueueAttributes(), ...attributes },
    tags: { ...tags },
    messages: [],
  };
  regional.sqs.queues.set(name, queue);
  return queue;
}
