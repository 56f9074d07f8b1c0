import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
} from '@aws-sdk/client-sqs';
import {
  DescribeRuleCommand,
  ListRuleNamesByTargetCommand,
} from '@aws-sdk/client-eventbridge';
import type {
  KarpenterInterruptionRuleKind,
  KarpenterSummary,
} from '@backstage-eks/plugin-eks-common';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import type { AwsClients } from '../../aws/AwsClientFactory';
import { isNotFoundError } from '../../provisioning/waiters';
import {
  classifyInterruptionRule,
  KARPENTER_INTERRUPTION_RULE_KINDS,
} from '../sources/karpenter';
import { fromSource } from '../sources/section';

/** The interruption queue part of {@link KarpenterSummary}. */
export type InterruptionQueueSummary = NonNullable<
  KarpenterSummary['interruptionQueue']
>;

/** The queue's URL (GetQueueUrl); undefined when there is no such queue. */
export function getQueueUrl(
  aws: AwsClients,
  queueName: string,
  timeoutMs: number,
): Promise<string | undefined> {
  return fromSource('sqs:GetQueueUrl', timeoutMs, async signal => {
    try {
      const out = await aws.sqs.send(
        new GetQueueUrlCommand({ QueueName: queueName }),
        { abortSignal: signal },
      );
      return out.QueueUrl;
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  });
}

/**
 * The names of the EventBridge rules that target a queue
 * (ListRuleNamesByTarget, every page: the EventBridge client has no
 * paginators, so its NextToken is followed here).
 */
export function listRuleNamesByTarget(
  aws: AwsClients,
  targetArn: string,
  timeoutMs: number,
): Promise<string[]> {
  return fromSource('events:ListRuleNamesByTarget', timeoutMs, async signal => {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await aws.eventBridge.send(
        new ListRuleNamesByTargetCommand({
          TargetArn: targetArn,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      names.push(...(out.RuleNames ?? []));
      nextToken = out.NextToken;
    } while (nextToken);
    return names;
  });
}

/** How many messages wait in the queue (GetQueueAttributes). */
export function queueDepth(
  aws: AwsClients,
  queueUrl: string,
  timeoutMs: number,
): Promise<number | undefined> {
  return fromSource('sqs:GetQueueAttributes', timeoutMs, async signal => {
    const out = await aws.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
      { abortSignal: signal },
    );
    const value = out.Attributes?.ApproximateNumberOfMessages;
    return value === undefined ? undefined : Number(value);
  });
}

/** A rule's kind among Karpenter's five and whether it is enabled (DescribeRule). */
export function describeInterruptionRule(
  aws: AwsClients,
  name: string,
  timeoutMs: number,
): Promise<{
  name: string;
  kind?: KarpenterInterruptionRuleKind;
  enabled: boolean;
}> {
  return fromSource('events:DescribeRule', timeoutMs, async signal => {
    const rule = await aws.eventBridge.send(
      new DescribeRuleCommand({ Name: name }),
      { abortSignal: signal },
    );
    return {
      name,
      kind: classifyInterruptionRule(name, rule.EventPattern),
      enabled: rule.State !== 'DISABLED',
    };
  });
}

/**
 * Looks at Karpenter's interruption queue: whether it exists, its depth, and
 * which of the five EventBridge rules target it. Two dependent rounds:
 * GetQueueUrl and ListRuleNamesByTarget (the queue ARN is known from its
 * name), then GetQueueAttributes and DescribeRule per rule.
 */
export async function probeInterruptionQueue(
  aws: AwsClients,
  queueName: string,
  timeoutMs: number,
): Promise<InterruptionQueueSummary> {
  const { region, accountId } = aws.target;
  const queueArn = `arn:${partitionForRegion(
    region,
  )}:sqs:${region}:${accountId}:${queueName}`;
  const urlPromise = getQueueUrl(aws, queueName, timeoutMs);
  const ruleNamesPromise = listRuleNamesByTarget(aws, queueArn, timeoutMs);
  const depthPromise = urlPromise.then(url =>
    url ? queueDepth(aws, url, timeoutMs) : undefined,
  );
  const rulesPromise = ruleNamesPromise.then(names =>
    Promise.all(
      names.map(name => describeInterruptionRule(aws, name, timeoutMs)),
    ),
  );

  // Without the queue no rule can deliver anything: when it is missing, the
  // rules are reported absent even if EventBridge could not be read.
  rulesPromise.catch(() => undefined);
  const [url, approximateMessages] = await Promise.all([
    urlPromise,
    depthPromise,
  ]);
  const rules =
    url === undefined ? await rulesPromise.catch(() => []) : await rulesPromise;
  return {
    name: queueName,
    url,
    exists: url !== undefined,
    approximateMessages,
    rules: KARPENTER_INTERRUPTION_RULE_KINDS.map(kind => {
      const rule = rules.find(r => r.kind === kind && r.enabled);
      return { kind, name: rule?.name, present: rule !== undefined };
    }),
  };
}
