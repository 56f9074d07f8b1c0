import {
  DescribeRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import {
  KarpenterInterruptionRuleKind,
  partitionForRegion,
} from '@backstage-eks/plugin-eks-common';
import {
  checkOwnership,
  isOwnResource,
  OwnershipFinding,
  ownershipFinding,
} from '../ownership';
import { canonicalPolicy, PolicyDocument } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG, tagList, tagRecord } from '../tags';
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

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether a queue policy lets EventBridge send messages (an Allow statement
 * for `events.amazonaws.com`, or any principal, with `sqs:SendMessage`):
 * what Karpenter's interruption handling needs of a queue it did not make.
 *
 * @public
 */
export function queuePolicyLetsEventBridgeSend(policyText?: string): boolean {
  let policy: { Statement?: unknown } | undefined;
  try {
    policy = policyText ? JSON.parse(policyText) : undefined;
  } catch {
    return false;
  }
  return asList(policy?.Statement).some(raw => {
    const statement = raw as {
      Effect?: unknown;
      Principal?: unknown;
      Action?: unknown;
      Condition?: unknown;
    };
    const principal = statement.Principal;
    const namesEvents =
      principal === '*' ||
      asList((principal as { Service?: unknown } | undefined)?.Service).some(
        service => service === 'events.amazonaws.com',
      );
    const sends = asList(statement.Action).some(
      action =>
        action === '*' || action === 'sqs:*' || action === 'sqs:SendMessage',
    );
    return statement.Effect === 'Allow' && namesEvents && sends;
  });
}

/** The state of an existing interruption queue, read-only. */
interface ExistingQueue {
  queueUrl: string;
  tags: Record<string, string>;
  /** The attributes that differ from the wanted ones, with their wanted values. */
  drifted: Record<string, string>;
  /** Why a queue someone else made cannot serve as is (empty: it can). */
  incompatibility: string[];
}

async function readQueue(
  run: ProvisioningRun,
  queueName: string,
  wanted: Record<string, string>,
): Promise<ExistingQueue | undefined> {
  const { sqs } = run.aws;
  const queueUrl = (
    await ifExists(() =>
      sqs.send(new GetQueueUrlCommand({ QueueName: queueName })),
    )
  )?.QueueUrl;
  if (!queueUrl) return undefined;
  const current =
    (
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'MessageRetentionPeriod',
            'SqsManagedSseEnabled',
            'Policy',
            'KmsMasterKeyId',
          ],
        }),
      )
    ).Attributes ?? {};
  const tags =
    (await sqs.send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags ??
    {};
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
  const incompatibility = queuePolicyLetsEventBridgeSend(current.Policy)
    ? []
    : [
        'its policy does not let events.amazonaws.com call sqs:SendMessage, so no interruption event would reach Karpenter',
      ];
  return { queueUrl, tags, drifted, incompatibility };
}

/** The state of an existing interruption rule, read-only. */
interface ExistingRule {
  arn: string;
  tags: Record<string, string>;
  /** What differs: pattern, state, target. */
  changes: string[];
}

async function readRule(
  run: ProvisioningRun,
  name: string,
  spec: InterruptionRuleSpec,
  queueArn: string,
): Promise<ExistingRule | undefined> {
  const { eventBridge } = run.aws;
  const rule = await ifExists(() =>
    eventBridge.send(new DescribeRuleCommand({ Name: name })),
  );
  if (!rule) return undefined;
  const changes: string[] = [];
  const samePattern =
    rule.EventPattern &&
    canonicalPolicy(JSON.parse(rule.EventPattern)) ===
      canonicalPolicy(spec.eventPattern);
  if (!samePattern) changes.push('event pattern');
  if (rule.State !== 'ENABLED') changes.push(`state ${rule.State} -> ENABLED`);
  const targets =
    (await eventBridge.send(new ListTargetsByRuleCommand({ Rule: name })))
      .Targets ?? [];
  if (!targets.some(t => t.Arn === queueArn)) {
    changes.push(`target ${queueArn}`);
  }
  const arn = rule.Arn ?? '';
  const tags = arn
    ? tagRecord(
        (
          await eventBridge.send(
            new ListTagsForResourceCommand({ ResourceARN: arn }),
          )
        ).Tags,
      )
    : {};
  return { arn, tags, changes };
}

function wantedQueueAttributes(queueArn: string): Record<string, string> {
  return {
    MessageRetentionPeriod: String(INTERRUPTION_MESSAGE_RETENTION_SECONDS),
    SqsManagedSseEnabled: 'true',
    Policy: JSON.stringify(interruptionQueuePolicy(queueArn)),
  };
}

function interruptionQueueArn(run: ProvisioningRun, queueName: string): string {
  return `arn:${partitionForRegion(run.region)}:sqs:${run.region}:${
    run.accountId
  }:${queueName}`;
}

/**
 * Read-only: the interruption queue and rules that exist, were not made by
 * this request and cannot serve as they are (a queue EventBridge may not
 * send to; a rule with another pattern, disabled or not targeting the
 * queue). A queue or rule someone else made that can serve is used as it
 * is and is not listed.
 *
 * @public
 */
export async function interruptionQueueFindings(
  run: ProvisioningRun,
  opts: { queueName: string; clusterName: string },
): Promise<OwnershipFinding[]> {
  const queueArn = interruptionQueueArn(run, opts.queueName);
  const findings: OwnershipFinding[] = [];
  const queue = await readQueue(
    run,
    opts.queueName,
    wantedQueueAttributes(queueArn),
  );
  if (queue) {
    const finding = ownershipFinding(
      { resource: `SQS queue ${opts.queueName}`, tags: queue.tags },
      {
        clusterName: opts.clusterName,
        changes: queue.incompatibility,
        useAsIs: true,
      },
    );
    if (finding) findings.push(finding);
  }
  for (const spec of KARPENTER_INTERRUPTION_RULES) {
    const name = interruptionRuleName(opts.queueName, spec);
    const rule = await readRule(run, name, spec, queueArn);
    if (!rule) continue;
    const finding = ownershipFinding(
      { resource: `EventBridge rule ${name}`, tags: rule.tags },
      { clusterName: opts.clusterName, changes: rule.changes, useAsIs: true },
    );
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * Creates the interruption queue (SSE with SQS-managed keys, 300 s
 * retention, deny non-TLS) and the five EventBridge rules targeting it, or
 * adopts them and corrects attribute, pattern and target drift. Returns the
 * queue's name, URL and ARN.
 *
 * A queue or rule this request did not make (see `checkOwnership`) is used
 * as it is when it can serve (its attributes and policy are not rewritten),
 * refused when it cannot, and corrected only when the run adopts.
 *
 * @public
 */
export async function ensureInterruptionQueue(
  run: ProvisioningRun,
  opts: {
    queueName: string;
    tags: Record<string, string>;
    /** Default: the `eks.backstage.io/cluster` tag of `tags`. */
    clusterName?: string;
  },
): Promise<{
  queueName: string;
  queueUrl: string;
  queueArn: string;
  ruleNames: string[];
}> {
  const { sqs, eventBridge } = run.aws;
  const clusterName = opts.clusterName ?? opts.tags[CLUSTER_TAG] ?? '';
  const queueArn = interruptionQueueArn(run, opts.queueName);
  const wanted = wantedQueueAttributes(queueArn);
  const existing = await readQueue(run, opts.queueName, wanted);
  let queueUrl = existing?.queueUrl ?? '';
  if (!existing) {
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
    const drifted = existing.drifted;
    const own = isOwnResource(existing.tags, clusterName);
    const decision = await checkOwnership(
      run,
      {
        resource: `SQS queue ${opts.queueName}`,
        tags: existing.tags,
        writeTags: async tags => {
          await sqs.send(
            new TagQueueCommand({ QueueUrl: existing.queueUrl, Tags: tags }),
          );
        },
        keyParts: ['sqs-queue', opts.queueName],
      },
      {
        clusterName,
        changes:
          own || run.adopt
            ? Object.keys(drifted).map(key => `${key} differs`)
            : existing.incompatibility,
        useAsIs: true,
      },
    );
    if (decision !== 'used-as-is' && Object.keys(drifted).length > 0) {
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
              QueueUrl: existing.queueUrl,
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
    const rule = await readRule(run, name, spec, queueArn);
    if (rule) {
      await checkOwnership(
        run,
        {
          resource: `EventBridge rule ${name}`,
          tags: rule.tags,
          writeTags: async tags => {
            await eventBridge.send(
              new TagResourceCommand({
                ResourceARN: rule.arn,
                Tags: tagList(tags),
              }),
            );
          },
          keyParts: ['events-rule', name],
        },
        { clusterName, changes: rule.changes, useAsIs: true },
      );
    }
    const ruleDiffers =
      !rule ||
      rule.changes.some(c => c === 'event pattern' || c.startsWith('state'));
    if (ruleDiffers) {
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
              Tags: rule ? undefined : tagList(opts.tags),
            }),
          );
        },
      );
    }
    if (!rule || rule.changes.some(c => c.startsWith('target'))) {
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
