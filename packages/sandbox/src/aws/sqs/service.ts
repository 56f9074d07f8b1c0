import { createHash } from 'node:crypto';
import { uuid } from '../../ids';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { awsJsonService, JsonHandler } from '../protocols/awsJson';
import { Queue } from './model';
import { addQueue } from './store';

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** Settable attributes and their rules. */
const ATTRIBUTES: Record<string, (v: string) => string | undefined> = {
  DelaySeconds: v => range(v, 0, 900),
  MaximumMessageSize: v => range(v, 1024, 1048576),
  MessageRetentionPeriod: v => range(v, 60, 1209600),
  ReceiveMessageWaitTimeSeconds: v => range(v, 0, 20),
  VisibilityTimeout: v => range(v, 0, 43200),
  Policy: v => {
    try {
      const parsed = JSON.parse(v);
      return parsed && typeof parsed === 'object' && parsed.Statement
        ? undefined
        : 'must be a policy document with a Statement';
    } catch {
      return 'must be valid JSON';
    }
  },
  RedrivePolicy: v => {
    try {
      JSON.parse(v);
      return undefined;
    } catch {
      return 'must be valid JSON';
    }
  },
  SqsManagedSseEnabled: v =>
    v === 'true' || v === 'false' ? undefined : 'must be true or false',
  KmsMasterKeyId: () => undefined,
  KmsDataKeyReusePeriodSeconds: v => range(v, 60, 86400),
  FifoQueue: v =>
    v === 'true' || v === 'false' ? undefined : 'must be true or false',
  ContentBasedDeduplication: v =>
    v === 'true' || v === 'false' ? undefined : 'must be true or false',
  DeduplicationScope: v =>
    v === 'messageGroup' || v === 'queue'
      ? undefined
      : 'must be messageGroup or queue',
  FifoThroughputLimit: v =>
    v === 'perQueue' || v === 'perMessageGroupId'
      ? undefined
      : 'must be perQueue or perMessageGroupId',
};

/** Attributes only FIFO queues have; a standard queue does not know them. */
const FIFO_ATTRIBUTES = [
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

/**
 * A queue's name and type agree: a FIFO queue (FifoQueue=true) has a name
 * ending in .fifo, a standard queue's name has no dot; FIFO-only attributes
 * are unknown to a standard queue.
 */
function checkQueueType(name: string, attributes: Record<string, string>) {
  const fifo = attributes.FifoQueue === 'true';
  if (fifo ? !FIFO_NAME.test(name) : !NAME.test(name)) {
    throw new AwsError(
      'InvalidParameterValue',
      fifo || name.endsWith('.fifo')
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
  if (!fifo) {
    const fifoOnly = FIFO_ATTRIBUTES.find(
      a => a !== 'FifoQueue' && attributes[a] !== undefined,
    );
    if (fifoOnly) {
      throw new AwsError(
        'InvalidAttributeName',
        `Unknown Attribute ${fifoOnly}.`,
      );
    }
  }
}

function range(v: string, min: number, max: number) {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max
    ? undefined
    : `must be an integer from ${min} to ${max}`;
}

function checkAttributes(attributes: Record<string, string>) {
  for (const [name, value] of Object.entries(attributes)) {
    const rule = ATTRIBUTES[name];
    if (!rule) {
      throw new AwsError(
        'InvalidAttributeName',
        `Unknown Attribute ${name}. Settable: ${Object.keys(ATTRIBUTES).join(
          ', ',
        )}`,
      );
    }
    const problem = rule(String(value));
    if (problem)
      throw new AwsError(
        'InvalidAttributeValue',
        `Invalid value for the parameter ${name}: ${problem}`,
      );
  }
  if (attributes.KmsMasterKeyId && attributes.SqsManagedSseEnabled === 'true') {
    throw new AwsError(
      'InvalidAttributeValue',
      'You can use one type of server-side encryption (SSE) at one time: KmsMasterKeyId or SqsManagedSseEnabled',
    );
  }
}

function queueNotFound() {
  return new AwsError(
    'QueueDoesNotExist',
    'The specified queue does not exist.',
  );
}

/** The queue a QueueUrl names (`.../<account>/<name>`), looked up in that account. */
function requireQueue(
  ctx: AwsContext,
  input: Record<string, unknown>,
): { queue: Queue; owner: Map<string, Queue> } {
  const url = input.QueueUrl;
  if (typeof url !== 'string' || !url)
    throw new AwsError(
      'MissingParameter',
      'The request must contain the parameter QueueUrl.',
    );
  const [account, name] = url.split('?')[0].split('/').slice(-2);
  const owner = ctx.state.region(
    /^\d{12}$/.test(account) ? account : ctx.accountId,
    ctx.region,
  ).sqs.queues;
  const queue = owner.get(name);
  if (!queue) throw queueNotFound();
  return { queue, owner };
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new AwsError(
      'InvalidParameterValue',
      `${field} must be a map of strings`,
    );
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}

function computedAttributes(q: Queue): Record<string, string> {
  return {
    QueueArn: q.arn,
    ApproximateNumberOfMessages: String(q.messages.length),
    ApproximateNumberOfMessagesNotVisible: '0',
    ApproximateNumberOfMessagesDelayed: '0',
    CreatedTimestamp: String(q.createdTimestamp),
    LastModifiedTimestamp: String(q.lastModifiedTimestamp),
  };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const handlers: Record<string, JsonHandler> = {
  CreateQueue(ctx, input) {
    const name = input.QueueName;
    if (typeof name !== 'string') {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter QueueName.',
      );
    }
    const attributes = stringMap(input.Attributes, 'Attributes');
    checkAttributes(attributes);
    checkQueueType(name, attributes);
    const existing = ctx.regional.sqs.queues.get(name);
    if (existing) {
      const differs = Object.entries(attributes).some(
        ([k, v]) => existing.attributes[k] !== v,
      );
      if (differs) {
        throw new AwsError(
          'QueueNameExists',
          `A queue already exists with the same name and a different value for attribute(s) ${Object.keys(
            attributes,
          )
            .filter(k => existing.attributes[k] !== attributes[k])
            .join(', ')}`,
        );
      }
      return { QueueUrl: existing.url };
    }
    const queue = addQueue(
      ctx.regional,
      ctx.baseUrl,
      name,
      attributes,
      stringMap(input.tags, 'tags'),
    );
    return { QueueUrl: queue.url };
  },
  GetQueueUrl(ctx, input) {
    const owner =
      typeof input.QueueOwnerAWSAccountId === 'string'
        ? input.QueueOwnerAWSAccountId
        : ctx.accountId;
    const queue = ctx.state
      .region(owner, ctx.region)
      .sqs.queues.get(String(input.QueueName));
    if (!queue) throw queueNotFound();
    return { QueueUrl: queue.url };
  },
  ListQueues(ctx, input) {
    const prefix =
      typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
    return {
      QueueUrls: [...ctx.regional.sqs.queues.values()]
        .filter(q => q.name.startsWith(prefix))
        .map(q => q.url),
    };
  },
  GetQueueAttributes(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    const names = Array.isArray(input.AttributeNames)
      ? (input.AttributeNames as string[])
      : [];
    const all = { ...queue.attributes, ...computedAttributes(queue) };
    if (names.includes('All')) return { Attributes: all };
    for (const n of names) {
      if (!(n in ATTRIBUTES) && !(n in all))
        throw new AwsError('InvalidAttributeName', `Unknown Attribute ${n}.`);
    }
    return {
      Attributes: Object.fromEntries(
        names.filter(n => n in all).map(n => [n, all[n]]),
      ),
    };
  },
  SetQueueAttributes(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    const attributes = stringMap(input.Attributes, 'Attributes');
    if (attributes.FifoQueue !== undefined) {
      throw new AwsError(
        'InvalidAttributeName',
        'Unknown Attribute FifoQueue.',
      );
    }
    if (queue.attributes.FifoQueue !== 'true')
      checkQueueType(queue.name, attributes);
    checkAttributes({
      ...attributes,
      SqsManagedSseEnabled:
        attributes.SqsManagedSseEnabled ??
        (attributes.KmsMasterKeyId
          ? 'false'
          : queue.attributes.SqsManagedSseEnabled),
    });
    Object.assign(queue.attributes, attributes);
    if (attributes.KmsMasterKeyId)
      queue.attributes.SqsManagedSseEnabled = 'false';
    queue.lastModifiedTimestamp = Math.floor(Date.now() / 1000);
    return {};
  },
  DeleteQueue(ctx, input) {
    const { queue, owner } = requireQueue(ctx, input);
    owner.delete(queue.name);
    return {};
  },
  PurgeQueue(ctx, input) {
    requireQueue(ctx, input).queue.messages = [];
    return {};
  },
  SendMessage(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    const body = input.MessageBody;
    if (typeof body !== 'string' || body.length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
      );
    }
    if (Buffer.byteLength(body) > Number(queue.attributes.MaximumMessageSize)) {
      throw new AwsError(
        'InvalidParameterValue',
        `MessageBody: longer than the queue's MaximumMessageSize ${queue.attributes.MaximumMessageSize}`,
      );
    }
    const message = {
      messageId: uuid(),
      body,
      md5: md5(body),
      sentAt: Date.now(),
    };
    queue.messages.push(message);
    return { MessageId: message.messageId, MD5OfMessageBody: message.md5 };
  },
  ReceiveMessage(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    const max =
      typeof input.MaxNumberOfMessages === 'number'
        ? input.MaxNumberOfMessages
        : 1;
    return {
      Messages: queue.messages.slice(0, max).map(m => ({
        MessageId: m.messageId,
        ReceiptHandle: Buffer.from(m.messageId).toString('base64'),
        MD5OfBody: m.md5,
        Body: m.body,
      })),
    };
  },
  DeleteMessage(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    const id = Buffer.from(
      String(input.ReceiptHandle ?? ''),
      'base64',
    ).toString();
    const before = queue.messages.length;
    queue.messages = queue.messages.filter(m => m.messageId !== id);
    if (queue.messages.length === before) {
      throw new AwsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${String(
          input.ReceiptHandle,
        )}" is not a valid receipt handle.`,
      );
    }
    return {};
  },
  TagQueue(ctx, input) {
    Object.assign(
      requireQueue(ctx, input).queue.tags,
      stringMap(input.Tags, 'Tags'),
    );
    return {};
  },
  UntagQueue(ctx, input) {
    const { queue } = requireQueue(ctx, input);
    for (const k of (input.TagKeys as string[] | undefined) ?? [])
      delete queue.tags[k];
    return {};
  },
  ListQueueTags(ctx, input) {
    return { Tags: { ...requireQueue(ctx, input).queue.tags } };
  },
};

/** SQS over its JSON protocol (awsJson1_0) and its older query protocol. */
export const sqsService = awsJsonService({
  name: 'sqs',
  targetPrefix: 'AmazonSQS',
  contentType: 'application/x-amz-json-1.0',
  errorNamespace: 'com.amazonaws.sqs',
  handlers,
  reads: /^(Get|List|Receive)/,
  throttlingCode: 'RequestThrottled',
  serverErrorCode: 'InternalError',
  queryCompatible: {
    xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
    // the query protocol's own wording (aws/aws-sdk-php-laravel#129, #204)
    queryMessages: {
      QueueDoesNotExist:
        'The specified queue does not exist for this wsdl version.',
    },
  },
});
