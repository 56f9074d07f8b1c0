import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { awsJsonService, JsonHandler } from '../protocols/awsJson';
import { EventRule, EventTarget } from './model';
import { checkEventPattern } from './pattern';
import { addRule } from './store';

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

function requireRule(
  ctx: AwsContext,
  name: unknown,
  field = 'Name',
): EventRule {
  if (typeof name !== 'string' || !name)
    throw new AwsError('ValidationException', `${field} is required`);
  const rule = ctx.regional.events.rules.get(name);
  if (!rule)
    throw new AwsError(
      'ResourceNotFoundException',
      `Rule ${name} does not exist on EventBus default.`,
    );
  return rule;
}

function checkBus(input: Record<string, unknown>) {
  const bus = input.EventBusName;
  if (
    bus !== undefined &&
    bus !== 'default' &&
    !(typeof bus === 'string' && bus.endsWith(':event-bus/default'))
  ) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Event bus ${String(bus)} does not exist.`,
    );
  }
}

function ruleView(r: EventRule) {
  return {
    Name: r.name,
    Arn: r.arn,
    EventPattern: r.eventPattern,
    ScheduleExpression: r.scheduleExpression,
    State: r.state,
    Description: r.description,
    RoleArn: r.roleArn,
    EventBusName: r.eventBusName,
  };
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function tagsIn(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value))
    throw new AwsError(
      'ValidationException',
      'Tags must be a list of {Key, Value}',
    );
  return Object.fromEntries(
    value.map((t: { Key?: string; Value?: string }) => [
      String(t.Key),
      String(t.Value ?? ''),
    ]),
  );
}

function ruleByArn(ctx: AwsContext, arn: unknown): EventRule {
  const rule = [...ctx.regional.events.rules.values()].find(r => r.arn === arn);
  if (!rule)
    throw new AwsError(
      'ResourceNotFoundException',
      `Rule ${String(arn)} does not exist.`,
    );
  return rule;
}

const handlers: Record<string, JsonHandler> = {
  PutRule(ctx, input) {
    checkBus(input);
    const name = input.Name;
    if (typeof name !== 'string' || !RULE_NAME.test(name)) {
      throw new AwsError(
        'ValidationException',
        `Name: ${String(
          name,
        )} must match [\\.\\-_A-Za-z0-9]+ and be at most 64 characters`,
      );
    }
    const eventPattern =
      typeof input.EventPattern === 'string' ? input.EventPattern : undefined;
    const scheduleExpression =
      typeof input.ScheduleExpression === 'string'
        ? input.ScheduleExpression
        : undefined;
    if (!eventPattern && !scheduleExpression) {
      throw new AwsError(
        'ValidationException',
        'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      );
    }
    if (eventPattern) checkEventPattern(eventPattern);
    const state = (input.State as string | undefined) ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') {
      throw new AwsError(
        'ValidationException',
        'State must be ENABLED or DISABLED',
      );
    }
    const existing = ctx.regional.events.rules.get(name);
    if (existing) {
      existing.eventPattern = eventPattern;
      existing.scheduleExpression = scheduleExpression;
      existing.state = state;
      existing.description = input.Description as string | undefined;
      existing.roleArn = input.RoleArn as string | undefined;
      Object.assign(existing.tags, tagsIn(input.Tags));
      return { RuleArn: existing.arn };
    }
    const rule = addRule(ctx.regional, {
      name,
      eventPattern,
      scheduleExpression,
      state,
      description: input.Description as string | undefined,
      roleArn: input.RoleArn as string | undefined,
      tags: tagsIn(input.Tags),
    });
    return { RuleArn: rule.arn };
  },
  DescribeRule(ctx, input) {
    checkBus(input);
    const rule = requireRule(ctx, input.Name);
    return { ...ruleView(rule), CreatedBy: rule.createdBy };
  },
  ListRules(ctx, input) {
    checkBus(input);
    const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
    const limit = typeof input.Limit === 'number' ? input.Limit : 100;
    const start =
      typeof input.NextToken === 'string'
        ? Number(Buffer.from(input.NextToken, 'base64').toString())
        : 0;
    const all = [...ctx.regional.events.rules.values()]
      .filter(r => r.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = all.slice(start, start + limit);
    return {
      Rules: page.map(ruleView),
      NextToken:
        start + limit < all.length
          ? Buffer.from(String(start + limit)).toString('base64')
          : undefined,
    };
  },
  DeleteRule(ctx, input) {
    checkBus(input);
    const rule = requireRule(ctx, input.Name);
    if (rule.targets.size > 0 && input.Force !== true) {
      throw new AwsError(
        'ValidationException',
        "Rule can't be deleted since it has targets.",
      );
    }
    ctx.regional.events.rules.delete(rule.name);
    return {};
  },
  EnableRule(ctx, input) {
    requireRule(ctx, input.Name).state = 'ENABLED';
    return {};
  },
  DisableRule(ctx, input) {
    requireRule(ctx, input.Name).state = 'DISABLED';
    return {};
  },
  PutTargets(ctx, input) {
    checkBus(input);
    const rule = requireRule(ctx, input.Rule, 'Rule');
    const targets = input.Targets;
    if (!Array.isArray(targets) || targets.length === 0) {
      throw new AwsError(
        'ValidationException',
        'Targets must contain at least one target',
      );
    }
    const failed: {
      TargetId: string;
      ErrorCode: string;
      ErrorMessage: string;
    }[] = [];
    for (const t of targets as EventTarget[]) {
      if (!t.Id || !t.Arn || !/^arn:aws[a-z-]*:/.test(t.Arn)) {
        failed.push({
          TargetId: String(t.Id),
          ErrorCode: 'ValidationException',
          ErrorMessage: 'Target Id and a valid Arn are required',
        });
        continue;
      }
      if (!rule.targets.has(t.Id) && rule.targets.size >= 5) {
        failed.push({
          TargetId: t.Id,
          ErrorCode: 'LimitExceededException',
          ErrorMessage:
            'The requested resource exceeds the maximum number allowed (5 targets per rule).',
        });
        continue;
      }
      rule.targets.set(t.Id, { ...t });
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },
  ListTargetsByRule(ctx, input) {
    checkBus(input);
    return {
      Targets: [...requireRule(ctx, input.Rule, 'Rule').targets.values()],
    };
  },
  ListRuleNamesByTarget(ctx, input) {
    checkBus(input);
    const targetArn = input.TargetArn;
    if (typeof targetArn !== 'string' || !targetArn) {
      throw new AwsError('ValidationException', 'TargetArn is required');
    }
    const limit = typeof input.Limit === 'number' ? input.Limit : 100;
    const start =
      typeof input.NextToken === 'string'
        ? Number(Buffer.from(input.NextToken, 'base64').toString())
        : 0;
    const names = [...ctx.regional.events.rules.values()]
      .filter(r => [...r.targets.values()].some(t => t.Arn === targetArn))
      .map(r => r.name)
      .sort();
    return {
      RuleNames: names.slice(start, start + limit),
      NextToken:
        start + limit < names.length
          ? Buffer.from(String(start + limit)).toString('base64')
          : undefined,
    };
  },
  RemoveTargets(ctx, input) {
    checkBus(input);
    const rule = requireRule(ctx, input.Rule, 'Rule');
    const ids = (input.Ids as string[] | undefined) ?? [];
    const failed = ids
      .filter(id => !rule.targets.delete(id))
      .map(id => ({
        TargetId: id,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Target ${id} is not on rule ${rule.name}`,
      }));
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },
  ListTagsForResource(ctx, input) {
    return { Tags: tagList(ruleByArn(ctx, input.ResourceARN).tags) };
  },
  TagResource(ctx, input) {
    Object.assign(ruleByArn(ctx, input.ResourceARN).tags, tagsIn(input.Tags));
    return {};
  },
  UntagResource(ctx, input) {
    const rule = ruleByArn(ctx, input.ResourceARN);
    for (const k of (input.TagKeys as string[] | undefined) ?? [])
      delete rule.tags[k];
    return {};
  },
};

/** EventBridge over awsJson1_1 (default event bus). */
export const eventsService = awsJsonService({
  name: 'events',
  targetPrefix: 'AWSEvents',
  contentType: 'application/x-amz-json-1.1',
  errorNamespace: 'com.amazonaws.events',
  handlers,
  reads: /^(Describe|List)/,
  throttlingCode: 'ThrottlingException',
  serverErrorCode: 'InternalException',
});
