import type { RegionState } from '../../state';
import { EventRule } from './model';

export function addRule(
  regional: RegionState,
  input: {
    name: string;
    eventPattern?: string;
    scheduleExpression?: string;
    description?: string;
    state?: 'ENABLED' | 'DISABLED';
    roleArn?: string;
    tags?: Record<string, string>;
  },
): EventRule {
  const rule: EventRule = {
    name: input.name,
    arn: `arn:aws:events:${regional.region}:${regional.accountId}:rule/${input.name}`,
    eventBusName: 'default',
    eventPattern: input.eventPattern,
    scheduleExpression: input.scheduleExpression,
    state: input.state ?? 'ENABLED',
    description: input.description,
    roleArn: input.roleArn,
    targets: new Map(),
    tags: { ...(input.tags ?? {}) },
    createdBy: regional.accountId,
  };
  regional.events.rules.set(rule.name, rule);
  return rule;
}
