import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import {
  checkOwnership,
  isOwnResource,
  OwnershipFinding,
  ownershipFinding,
} from '../ownership';
import {
  canonicalPolicy,
  PolicyDocument,
  policyElementList,
} from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG } from '../tags';
import { ifExists } from '../waiters';
import {
  ensureInterruptionRule,
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
  readRule,
} from './interruptionRules';

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
  return policyElementList(policy?.Statement).some(raw => {
    const statement = raw as {
      Effect?: unknown;
      Principal?: unknown;
      Action?: unknown;
      Condition?: unknown;
    };
    const principal = statement.Principal;
    const namesEvents =
      principal === '*' ||
      policyElementList(
        (principal as { Service?: unknown } | undefined)?.Service,
      ).some(service => service === 'events.amazonaws.com');
    const sends = policyElementList(statement.Action).some(
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

/** Creates the interruption queue; returns its URL. */
async function createQueue(
  run: ProvisioningRun,
  queueName: string,
  attributes: Record<string, string>,
  tags: Record<string, string>,
): Promise<string> {
  return (
    (await run.change(
      {
        action: 'create',
        resource: `SQS queue ${queueName}`,
        detail: 'SSE, deny non-TLS, 300 s retention',
      },
      ['sqs-queue', queueName],
      async () => {
        const created = await run.aws.sqs.send(
          new CreateQueueCommand({
            QueueName: queueName,
            Attributes: attributes,
            tags,
          }),
        );
        return created.QueueUrl ?? '';
      },
    )) ?? ''
  );
}

/**
 * Continues with a queue that exists: the ownership rule first (one this
 * request did not make is used as it is when it can serve, refused when it
 * cannot, corrected only when the run adopts), then its drifted attributes
 * set back. Returns its URL.
 */
async function correctQueue(
  run: ProvisioningRun,
  queueName: string,
  existing: ExistingQueue,
  clusterName: string,
): Promise<string> {
  const { sqs } = run.aws;
  const drifted = Object.keys(existing.drifted);
  const own = isOwnResource(existing.tags, clusterName);
  const decision = await checkOwnership(
    run,
    {
      resource: `SQS queue ${queueName}`,
      tags: existing.tags,
      writeTags: async tags => {
        await sqs.send(
          new TagQueueCommand({ QueueUrl: existing.queueUrl, Tags: tags }),
        );
      },
      keyParts: ['sqs-queue', queueName],
    },
    {
      clusterName,
      changes:
        own || run.adopt
          ? drifted.map(key => `${key} differs`)
          : existing.incompatibility,
      useAsIs: true,
    },
  );
  if (decision === 'used-as-is' || drifted.length === 0) {
    return existing.queueUrl;
  }
  run.reportDrift(`SQS queue ${queueName}: ${drifted.join(', ')} differ`);
  await run.change(
    {
      action: 'update',
      resource: `SQS queue ${queueName}`,
      detail: drifted.join(', '),
    },
    ['sqs-queue-attributes', queueName],
    async () => {
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: existing.queueUrl,
          Attributes: existing.drifted,
        }),
      );
    },
  );
  return existing.queueUrl;
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
  const clusterName = opts.clusterName ?? opts.tags[CLUSTER_TAG] ?? '';
  const queueArn = interruptionQueueArn(run, opts.queueName);
  const wanted = wantedQueueAttributes(queueArn);
  const existing = await readQueue(run, opts.queueName, wanted);
  const queueUrl = existing
    ? await correctQueue(run, opts.queueName, existing, clusterName)
    : await createQueue(run, opts.queueName, wanted, opts.tags);
  const ruleNames: string[] = [];
  for (const spec of KARPENTER_INTERRUPTION_RULES) {
    ruleNames.push(
      await ensureInterruptionRule(run, spec, {
        queueName: opts.queueName,
        queueArn,
        clusterName,
        tags: opts.tags,
      }),
    );
  }
  return { queueName: opts.queueName, queueUrl, queueArn, ruleNames };
}
