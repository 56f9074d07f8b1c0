import {
  DescribeRuleCommand,
  DisableRuleCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import {
  ensureInterruptionRule,
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
} from './interruptionRules';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

describe('ensureInterruptionRule', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const spec = KARPENTER_INTERRUPTION_RULES[1];

  useSandboxSuite(s => ({ sandbox, run } = s));

  const target = () => ({
    queueName: 'Karpenter-shop',
    queueArn: `arn:aws:sqs:${sandbox.region}:${sandbox.accountId}:Karpenter-shop`,
    clusterName: 'shop',
    tags: resourceTags('shop'),
  });

  it('creates the rule pointed at the queue, and writes nothing the second time', async () => {
    const name = await ensureInterruptionRule(run, spec, target());
    expect(name).toBe('Karpenter-shop-SpotInterrupt');
    expect(interruptionRuleName('Karpenter-shop', spec)).toBe(name);
    const rule = await run.aws.eventBridge.send(
      new DescribeRuleCommand({ Name: name }),
    );
    expect(JSON.parse(rule.EventPattern!)).toEqual(spec.eventPattern);
    const targets = await run.aws.eventBridge.send(
      new ListTargetsByRuleCommand({ Rule: name }),
    );
    expect(targets.Targets?.map(t => t.Arn)).toEqual([target().queueArn]);
    sandbox.clearWrites();
    await ensureInterruptionRule(run, spec, target());
    expect(sandbox.writes).toEqual([]);
  });

  it('enables its own rule again, reporting the drift', async () => {
    const name = await ensureInterruptionRule(run, spec, target());
    await arrangeClients(run.aws).eventBridge.send(
      new DisableRuleCommand({ Name: name }),
    );
    sandbox.clearWrites();
    await ensureInterruptionRule(run, spec, target());
    expect(sandbox.writes.map(w => w.operation)).toEqual(['PutRule']);
    expect(run.drift).toEqual([
      `EventBridge rule ${name} has a different pattern or is disabled`,
    ]);
  });

  it('uses the rule of the same name another made when it serves', async () => {
    sandbox.clearWrites();
    const name = await ensureInterruptionRule(run, spec, {
      queueName: 'Karpenter-demo',
      queueArn: `arn:aws:sqs:${sandbox.region}:${sandbox.accountId}:Karpenter-demo`,
      clusterName: 'demo',
      tags: resourceTags('demo'),
    });
    expect(name).toBe('Karpenter-demo-SpotInterrupt');
    expect(sandbox.writes).toEqual([]);
  });
});
