export interface EventTarget {
  Id: string;
  Arn: string;
  [key: string]: unknown;
}

export interface EventRule {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
  targets: Map<string, EventTarget>;
  tags: Record<string, string>;
  createdBy: string;
}

export class EventsState {
  readonly rules = new Map<string, EventRule>();
}
