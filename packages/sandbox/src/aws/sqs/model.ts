export interface Queue {
  name: string;
  url: string;
  arn: string;
  createdTimestamp: number;
  lastModifiedTimestamp: number;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  messages: { messageId: string; body: string; md5: string; sentAt: number }[];
}

export class SqsState {
  readonly queues = new Map<string, Queue>();
}
