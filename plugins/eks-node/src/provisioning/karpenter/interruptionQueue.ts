import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import {
  KarpenterInterruptionRuleKind,
  partitionForRegion,
} from '@backstage-eks/plugin-eks-common';
import { canonicalPolicy, PolicyDocument } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/** One EventBridge rule feeding Karpenter's interruption queue. @public */
export interface InterruptionRuleSpec {
  kind: KarpenterInterruptionRuleKind;
  nameSuffix: string;
  description: string;
  eventPattern: { source: string[]; 'detail-type': string[] };
}

/**
 * The five events Karpenter handles: AWS Health events, Spot interruption
 * warnings, rebalance recommendations, instance state changes and capacity
 * reservation interruptions.
 *
 * @public
 */
export const KARPENTER_INTERRUPTION_RULES: InterruptionRuleSpec[] = [
  {
    kind: 'health-event',
    nameSuffix: 'HealthEvent',
    description: 'Karpenter interruption: AWS Health event',
    eventPattern: {
      source: ['aws.health'],
      'detail-type': ['AWS Health Event'],
    },
  },
  {
    kind: 'spot-interruption',
    nameSuffix: 'SpotInterrupt',
    description:
      'Karpenter interruption: EC2 Spot Instance interruption warning',
    eventPattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Spot Instance Interruption Warning'],
    },
  },
  {
    kind: 'rebalance',
    nameSuffix: 'InstanceRebalance',
    description:
      'Karpenter interruption: EC2 instance rebalance recommendation',
    eventPattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance Rebalance Recommendation'],
    },
  },
  {
    kind: 'instance-state-change',
    nameSuffix: 'InstanceStateChange',
    description:
      'Karpenter interruption: EC2 instance state-change notification',
    eventPattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
    },
  },
  {
    kind: 'capacity-reservation-interruption',
    nameSuffix: 'CapacityReservationInterrupt',
    description:
      'Karpenter interruption: EC2 capacity reservation instance interruption warning',
    eventPattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'],
    },
  },
];

/** EventBridge rule names are limited to 64 characters. */
export function interruptionRuleName(
  queueName: string,
  spec: InterruptionRuleSpec,
): string {
  return `${queueName.slice(0, 63 - spec.nameSuffix.length)}-${
    spec.nameSuffix
  }`;
}

/** The queue's policy: EventBridge and SQS may send, non-TLS access is denied. @public */
export function interruptionQueuePolicy(queueArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SqsWrite',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
      },
      {
        Sid: 'DenyHTTP',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: queueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/** Messages older than this are useless to Karpenter (terraform-aws-eks uses 300 s). */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;

/**
 * Creates the interruption queue (SSE with SQS-managed keys, 300 s
 * retention, deny non-TLS) and the five EventBridge rules targeting it, or
 * adopts them and corrects attribute, pattern and target drift. Returns the
 * queue's name, URL and ARN.
 *
 * @public
 */
export async function ensureInterruptionQueue(
  run: ProvisioningRun,
  opts: { queueName: string; tags: Record<string, string> },
): Promise<{
  queueName: string;
  queueUrl: string;
  queueArn: string;
  ruleNames: string[];
}> {
  const { sqs, eventBridge } = run.aws;
  const partition = partitionForRegion(run.region);
  const queueArn = `arn:${partition}:sqs:${run.region}:${run.accountId}:${opts.queueName}`;
  const wanted: Record<string, string> = {
    MessageRetentionPeriod: String(INTERRUPTION_MESSAGE_RETENTION_SECONDS),
    SqsManagedSseEnabled: 'true',
    Policy: JSON.stringify(interruptionQueuePolicy(queueArn)),
  };
  const existingUrl = (
    await ifExists(() =>
      sqs.send(new GetQueueUrlCommand({ QueueName: opts.queueName })),
    )
  )?.QueueUrl;
  let queueUrl = existingUrl ?? '';
  if (!existingUrl) {
    queueUrl =
      (await run.change(
        {
          action: 'create',
          resource: `SQS queue ${opts.queueName}`,
          detail: 'SSE, deny non-TLS, 300 s retention',
        },
        ['sqs-queue', opts.queueName],
        async () => {
          const created = await sqs.send(
            new CreateQueueCommand({
              QueueName: opts.queueName,
              Attributes: wanted,
              tags: opts.tags,
            }),
          );
          return created.QueueUrl ?? '';
        },
      )) ?? '';
  } else {
    const current =
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: existingUrl,
            AttributeNames: [
              'MessageRetentionPeriod',
              'SqsManagedSseEnabled',
              'Policy',
              'KmsMasterKeyId',
            ],
          }),
        )
      ).Attributes ?? {};
    const drifted: Record<string, string> = {};
    if (current.MessageRetentionPeriod !== wanted.MessageRetentionPeriod) {
      drifted.MessageRetentionPeriod = wanted.MessageRetentionPeriod;
    }
    if (current.SqsManagedSseEnabled !== 'true' && !current.KmsMasterKeyId) {
      drifted.SqsManagedSseEnabled = 'true';
    }
    let currentPolicy: unknown;
    try {
      currentPolicy = current.Policy ? JSON.parse(current.Policy) : undefined;
    } catch {
      currentPolicy = undefined;
    }
    if (
      canonicalPolicy(currentPolicy) !==
      canonicalPolicy(JSON.parse(wanted.Policy))
    ) {
      drifted.Policy = wanted.Policy;
    }
    if (Object.keys(drifted).length > 0) {
      run.reportDrift(
        `SQS queue ${opts.queueName}: ${Object.keys(drifted).join(
          ', ',
        )} differ`,
      );
      await run.change(
        {
          action: 'update',
          resource: `SQS queue ${opts.queueName}`,
          detail: Object.keys(drifted).join(', '),
        },
        ['sqs-queue-attributes', opts.queueName],
        async () => {
          await sqs.send(
            new SetQueueAttributesCommand({
              QueueUrl: existingUrl,
              Attributes: drifted,
            }),
          );
        },
      );
    }
  }

  const ruleNames: string[] = [];
  for (const spec of KARPENTER_INTERRUPTION_RULES) {
    const name = interruptionRuleName(opts.queueName, spec);
    ruleNames.push(name);
    const pattern = JSON.stringify(spec.eventPattern);
    const rule = await ifExists(() =>
      eventBridge.send(new DescribeRuleCommand({ Name: name })),
    );
    const samePattern =
      rule?.EventPattern &&
      canonicalPolicy(JSON.parse(rule.EventPattern)) ===
        canonicalPolicy(spec.eventPattern);
    if (!rule || !samePattern || rule.State !== 'ENABLED') {
      if (rule) {
        run.reportDrift(
          `EventBridge rule ${name} has a different pattern or is disabled`,
        );
      }
      await run.change(
        {
          action: rule ? 'update' : 'create',
          resource: `EventBridge rule ${name}`,
          detail: spec.eventPattern['detail-type'][0],
        },
        ['events-rule', name],
        async () => {
          await eventBridge.send(
            new PutRuleCommand({
              Name: name,
              Description: spec.description,
              EventPattern: pattern,
              State: 'ENABLED',
              Tags: rule
                ? undefined
                : Object.entries(opts.tags).map(([Key, Value]) => ({
                    Key,
                    Value,
                  })),
            }),
          );
        },
      );
    }
    const targets = rule
      ? (await eventBridge.send(new ListTargetsByRuleCommand({ Rule: name })))
          .Targets ?? []
      : [];
    if (!targets.some(t => t.Arn === queueArn)) {
      if (rule)
        run.reportDrift(
          `EventBridge rule ${name} does not target ${opts.queueName}`,
        );
      await run.change(
        {
          action: 'update',
          resource: `EventBridge rule ${name}`,
          detail: `target ${opts.queueName}`,
        },
        ['events-target', name, queueArn],
        async () => {
          await eventBridge.send(
            new PutTargetsCommand({
              Rule: name,
              Targets: [
                { Id: 'KarpenterInterruptionQueueTarget', Arn: queueArn },
              ],
            }),
          );
        },
      );
    }
  }
  return { queueName: opts.queueName, queueUrl, queueArn, ruleNames };
}
