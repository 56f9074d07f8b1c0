import {
  DescribeRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { KarpenterInterruptionRuleKind } from '@backstage-eks/plugin-eks-common';
import { checkOwnership } from '../ownership';
import { canonicalPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { tagList, tagRecord } from '../tags';
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

/** The state of an existing interruption rule, read-only. */
export interface ExistingRule {
  arn: string;
  tags: Record<string, string>;
  /** What differs: pattern, state, target. */
  changes: string[];
}

export async function readRule(
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

/** Where the rules send their events, and for which cluster. */
export interface RuleTarget {
  queueName: string;
  queueArn: string;
  clusterName: string;
  /** Tags of a rule created now. */
  tags: Record<string, string>;
}

/** Creates the rule, or corrects its pattern and state. */
async function putRule(
  run: ProvisioningRun,
  spec: InterruptionRuleSpec,
  name: string,
  rule: ExistingRule | undefined,
  tags: Record<string, string>,
): Promise<void> {
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
      await run.aws.eventBridge.send(
        new PutRuleCommand({
          Name: name,
          Description: spec.description,
          EventPattern: JSON.stringify(spec.eventPattern),
          State: 'ENABLED',
          Tags: rule ? undefined : tagList(tags),
        }),
      );
    },
  );
}

/** Points the rule at the queue. */
async function putTarget(
  run: ProvisioningRun,
  name: string,
  rule: ExistingRule | undefined,
  target: RuleTarget,
): Promise<void> {
  if (rule) {
    run.reportDrift(
      `EventBridge rule ${name} does not target ${target.queueName}`,
    );
  }
  await run.change(
    {
      action: 'update',
      resource: `EventBridge rule ${name}`,
      detail: `target ${target.queueName}`,
    },
    ['events-target', name, target.queueArn],
    async () => {
      await run.aws.eventBridge.send(
        new PutTargetsCommand({
          Rule: name,
          Targets: [
            { Id: 'KarpenterInterruptionQueueTarget', Arn: target.queueArn },
          ],
        }),
      );
    },
  );
}

/**
 * Ensures one interruption rule: one this request did not make goes
 * through the ownership rule first; then a missing rule is created, or one
 * with another pattern or disabled corrected, and pointed at the queue.
 * Returns its name.
 */
export async function ensureInterruptionRule(
  run: ProvisioningRun,
  spec: InterruptionRuleSpec,
  target: RuleTarget,
): Promise<string> {
  const name = interruptionRuleName(target.queueName, spec);
  const rule = await readRule(run, name, spec, target.queueArn);
  if (rule) {
    await checkOwnership(
      run,
      {
        resource: `EventBridge rule ${name}`,
        tags: rule.tags,
        writeTags: async tags => {
          await run.aws.eventBridge.send(
            new TagResourceCommand({
              ResourceARN: rule.arn,
              Tags: tagList(tags),
            }),
          );
        },
        keyParts: ['events-rule', name],
      },
      { clusterName: target.clusterName, changes: rule.changes, useAsIs: true },
    );
  }
  if (
    !rule ||
    rule.changes.some(c => c === 'event pattern' || c.startsWith('state'))
  ) {
    await putRule(run, spec, name, rule, target.tags);
  }
  if (!rule || rule.changes.some(c => c.startsWith('target'))) {
    await putTarget(run, name, rule, target);
  }
  return name;
}
