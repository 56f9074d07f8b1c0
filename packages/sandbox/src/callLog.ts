import { appendFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';

/** The environment variable that names the file AWS calls are appended to. */
export const CALL_LOG_ENV = 'SANDBOX_CALL_LOG';

/** One AWS API call the sandbox received: a line of the call log. */
export interface SandboxCall {
  /** The SigV4 service name, which is also the IAM prefix: `eks`, `iam`, `ec2`, `elasticloadbalancing`, `sqs`, `events`, `sts`. */
  service: string;
  operation: string;
  /** The caller's `user-agent` and `x-amz-user-agent` headers, joined by a space. */
  userAgent: string;
  accountId: string;
  region: string;
  /** ISO timestamp. */
  at: string;
}

/**
 * Appends one JSON line for an AWS call to the file `SANDBOX_CALL_LOG` names
 * (nothing when it is unset). Many sandboxes and test workers share the file:
 * each call is one append of one whole line.
 */
export function recordCall(
  call: Omit<SandboxCall, 'at' | 'userAgent'>,
  headers: IncomingHttpHeaders,
  path: string | undefined = process.env[CALL_LOG_ENV],
): void {
  if (!path) return;
  const userAgent = [headers['user-agent'], headers['x-amz-user-agent']]
    .flat()
    .filter(Boolean)
    .join(' ');
  const line: SandboxCall = {
    ...call,
    userAgent,
    at: new Date().toISOString(),
  };
  appendFileSync(path, `${JSON.stringify(line)}\n`);
}
