import {
  isKarpenterQueueName,
  runsOwnKarpenter,
} from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

/** Karpenter without its interruption queue, or without some of the five rules. */
export const karpenterInterruptionQueue: DiagnosticCheck = obs => {
  const karpenter = obs.karpenter.data;
  if (!karpenter || !runsOwnKarpenter(karpenter)) return [];
  const queue = karpenter.interruptionQueue;
  const link = 'https://karpenter.sh/docs/concepts/disruption/#interruption';
  if (!queue && obs.interruptionQueueError) {
    const { source, message } = obs.interruptionQueueError;
    return [
      {
        id: 'karpenter-interruption-queue-unchecked',
        severity: 'info',
        title: "Karpenter's interruption queue could not be checked",
        what: `${source} failed: ${message}`,
        why: 'Without the queue and its EventBridge rules Karpenter cannot drain nodes before Spot interruptions and maintenance; whether they exist is unknown.',
        fix: 'Allow the Backstage role sqs:GetQueueUrl, sqs:GetQueueAttributes, events:ListRuleNamesByTarget and events:DescribeRule, then refresh.',
        link,
        resources: [],
      },
    ];
  }
  if (queue && !isKarpenterQueueName(queue.name)) {
    return [
      {
        id: 'karpenter-interruption-queue-not-a-name',
        severity: 'warning',
        title: "Karpenter's interruption queue is given as an ARN or URL",
        what: `Karpenter's settings.interruptionQueue is ${queue.name}, not a queue name.`,
        why: 'Karpenter looks its interruption queue up by name (SQS GetQueueUrl): with an ARN or URL it finds no queue, so Spot interruptions, rebalance recommendations and scheduled maintenance reach it only when the node disappears, and pods are not drained in time.',
        fix: `Set the Helm value settings.interruptionQueue to the queue's name (the last part of the ARN, e.g. ${
          queue.name.split(/[:/]/).pop() ?? 'Karpenter-<cluster>'
        }), or re-run aws:eks:karpenter:install, which sets the name.`,
        link,
        resources: [`sqs/${queue.name}`],
      },
    ];
  }
  if (!queue?.exists) {
    return [
      {
        id: 'karpenter-without-interruption-queue',
        severity: 'warning',
        title: 'Karpenter has no interruption queue',
        what: `Karpenter is installed, but the SQS queue ${
          queue?.name ?? ''
        } that it would read interruption events from does not exist.`,
        why: 'Without the queue and its EventBridge rules, Karpenter learns of Spot interruptions, scheduled maintenance and instance terminations only when the node disappears: pods are not drained in time.',
        fix: 'Create the SQS queue (SSE, deny non-TLS) with the five EventBridge rules (AWS Health events, Spot interruption, rebalance recommendation, instance state change, capacity reservation interruption) targeting it, and set the Helm value settings.interruptionQueue. The aws:eks:karpenter:install action does all of this.',
        link,
        resources: queue ? [`sqs/${queue.name}`] : [],
      },
    ];
  }
  const missing = queue.rules.filter(r => !r.present).map(r => r.kind);
  if (missing.length === 0) return [];
  return [
    {
      id: 'karpenter-interruption-rules-missing',
      severity: 'warning',
      title: 'Karpenter interruption rules are missing',
      what: `No enabled EventBridge rule sends ${missing.join(
        ', ',
      )} events to the interruption queue ${queue.name}.`,
      why: 'Karpenter only reacts to the interruption events that reach its queue: for the missing kinds, nodes are lost without warning and their pods are not drained in time.',
      fix: `Create the missing EventBridge rule${
        missing.length === 1 ? '' : 's'
      } with the queue as target (see Karpenter's CloudFormation template or terraform-aws-eks's karpenter submodule), or re-run aws:eks:karpenter:install.`,
      link,
      resources: [`sqs/${queue.name}`],
    },
  ];
};
