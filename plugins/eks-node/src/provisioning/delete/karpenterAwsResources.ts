import {
  DeleteRuleCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { deleteRole } from '../roleDeletion';
import {
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
} from '../karpenter/interruptionRules';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/** Removes an interruption rule's targets, then deletes the rule. */
async function deleteInterruptionRule(
  run: ProvisioningRun,
  rule: string,
): Promise<void> {
  const { eventBridge } = run.aws;
  const targets = await ifExists(() =>
    eventBridge.send(new ListTargetsByRuleCommand({ Rule: rule })),
  );
  if (!targets) return;
  const ids = (targets.Targets ?? []).map(t => t.Id ?? '').filter(Boolean);
  if (ids.length > 0) {
    await run.change(
      {
        action: 'update',
        resource: `EventBridge rule ${rule}`,
        detail: 'remove targets',
      },
      ['events-target', rule],
      async () => {
        await eventBridge.send(
          new RemoveTargetsCommand({ Rule: rule, Ids: ids }),
        );
      },
    );
  }
  await run.change(
    { action: 'delete', resource: `EventBridge rule ${rule}` },
    ['events-rule', rule],
    async () => {
      await ifExists(() =>
        eventBridge.send(new DeleteRuleCommand({ Name: rule })),
      );
    },
  );
}

async function deleteQueue(
  run: ProvisioningRun,
  queueName: string,
): Promise<void> {
  const { sqs } = run.aws;
  const queueUrl = (
    await ifExists(() =>
      sqs.send(new GetQueueUrlCommand({ QueueName: queueName })),
    )
  )?.QueueUrl;
  if (!queueUrl) return;
  await run.change(
    { action: 'delete', resource: `SQS queue ${queueName}` },
    ['sqs-queue', queueName],
    async () => {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    },
  );
}

/**
 * Deletes Karpenter's AWS resources: the five interruption rules (their
 * targets first), the interruption queue, and the IAM roles (with their
 * instance profiles) that aws:eks:karpenter:install names
 * `<cluster>-karpenter-controller` and `<cluster>-karpenter-node`, and those
 * found in use by Karpenter (its association's role, its node classes'
 * node roles). What is already gone is skipped.
 */
export async function deleteKarpenterAwsResources(
  run: ProvisioningRun,
  clusterName: string,
  queueName: string,
  discoveredRoles: string[],
): Promise<void> {
  for (const spec of KARPENTER_INTERRUPTION_RULES) {
    await deleteInterruptionRule(run, interruptionRuleName(queueName, spec));
  }
  await deleteQueue(run, queueName);
  const roleNames = new Set([
    `${clusterName}-karpenter-controller`.slice(0, 64),
    `${clusterName}-karpenter-node`.slice(0, 64),
    ...discoveredRoles,
  ]);
  for (const roleName of roleNames) {
    await deleteRole(run, roleName, { deleteInstanceProfiles: true });
  }
}
