import { existsSync, readFileSync } from 'node:fs';
import type { SandboxCall } from '@backstage-eks/sandbox';
import type { PolicyDocument } from './policies';

/** The user agent eks-node's AWS clients send (eks-node's AwsClientFactory). */
export const PRODUCT_USER_AGENT = /\bbackstage-eks\/\d+\.\d+\.\d+/;

/** The outcome of checking a call log against a policy. */
export interface CallLogCheck {
  /** Lines in the log. */
  calls: number;
  /** Calls the product's clients made. */
  productCalls: number;
  /** The distinct actions of those calls, each with how many. */
  actions: Map<string, number>;
  /** Actions the product called that the policy does not allow. */
  notAllowed: string[];
  /** Why the check failed, empty when it passed. */
  problems: string[];
}

/**
 * Whether the policy allows a direct call of the action: an Allow statement
 * without a condition names it (or a wildcard covers it). A conditioned
 * statement (PassRole to a service, tags on create) allows no direct call.
 */
export function allows(policy: PolicyDocument, action: string): boolean {
  return policy.Statement.some(
    s =>
      s.Effect === 'Allow' &&
      !s.Condition &&
      s.Action.some(pattern =>
        new RegExp(
          `^${pattern
            .split('*')
            .map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
          'i',
        ).test(action),
      ),
  );
}

/** Parses the sandbox's call log (one JSON object a line). */
export function readCallLog(text: string): SandboxCall[] {
  return text
    .split('\n')
    .filter(line => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as SandboxCall;
      } catch {
        throw new Error(`call log line ${i + 1} is not JSON: ${line}`);
      }
    });
}

/**
 * Checks that every AWS call the product made (the product's user agent) is
 * allowed by the policy, and that there were product calls at all: an empty
 * log means the calls were not recorded, and proves nothing.
 */
export function checkCalls(
  calls: SandboxCall[],
  policy: PolicyDocument,
): CallLogCheck {
  const actions = new Map<string, number>();
  for (const call of calls) {
    if (!PRODUCT_USER_AGENT.test(call.userAgent ?? '')) continue;
    const action = `${call.service}:${call.operation}`;
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }
  const productCalls = [...actions.values()].reduce((a, b) => a + b, 0);
  const notAllowed = [...actions.keys()].filter(a => !allows(policy, a)).sort();
  const problems: string[] = [];
  if (productCalls === 0) {
    problems.push(
      `the call log holds no call with the product's user agent (${calls.length} lines): were the tests run with SANDBOX_CALL_LOG set?`,
    );
  }
  for (const action of notAllowed) {
    problems.push(
      `${action} (called ${actions.get(
        action,
      )} times by the product) is not allowed by the policy`,
    );
  }
  return { calls: calls.length, productCalls, actions, notAllowed, problems };
}

/** Reads and checks a call log file. */
export function checkCallLogFile(
  path: string,
  policy: PolicyDocument,
): CallLogCheck {
  if (!existsSync(path)) {
    return {
      calls: 0,
      productCalls: 0,
      actions: new Map(),
      notAllowed: [],
      problems: [
        `no call log at ${path}: run the tests with SANDBOX_CALL_LOG=${path}`,
      ],
    };
  }
  return checkCalls(readCallLog(readFileSync(path, 'utf8')), policy);
}
