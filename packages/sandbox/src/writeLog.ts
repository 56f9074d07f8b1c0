/** One mutating call the sandbox served. */
export interface SandboxWrite {
  /** `eks`, `iam`, `ec2`, `elasticloadbalancing`, `sqs`, `events`, `sts` or `kubernetes`. */
  service: string;
  operation: string;
  params: Record<string, unknown>;
  /** ISO timestamp. */
  at: string;
  accountId?: string;
  region?: string;
}

/** Records every mutation, in order. */
export class WriteLog {
  readonly entries: SandboxWrite[] = [];

  record(write: Omit<SandboxWrite, 'at'>): void {
    this.entries.push({ ...write, at: new Date().toISOString() });
  }

  clear(): void {
    this.entries.length = 0;
  }
}
