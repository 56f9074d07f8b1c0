import { InputError } from '@backstage/errors';
import { ProvisioningRun } from '../ProvisioningRun';
import type { UpgradeFinding, UpgradeStepTiming } from './types';

/** A finding of the preflight's own checks (ids `preflight:<check>:<subject>`). */
export function preflightFinding(
  check: string,
  subject: string,
  name: string,
  status: 'ERROR' | 'WARNING',
  reason: string,
  recommendation: string,
): UpgradeFinding {
  return {
    id: `preflight:${check}:${subject}`,
    name,
    status,
    reason,
    recommendation,
  };
}

/** A finding as one line: name, status, reason and fix. */
export function findingLine(f: UpgradeFinding): string {
  const source = f.id.startsWith('preflight:') ? '' : `, EKS insight ${f.id}`;
  return `${f.name} (${f.status}${source}): ${f.reason}${
    f.recommendation ? ` Fix: ${f.recommendation}` : ''
  }`;
}

/**
 * Stops the flow before any change when findings block it: an InputError
 * naming each with its fix. With `force`, overridable findings are noted
 * and the flow goes on; `always` ones (what EKS refuses even forced) stop
 * it regardless.
 */
export function stopOnBlockingFindings(
  run: ProvisioningRun,
  field: string,
  what: string,
  blocking: UpgradeFinding[],
  always: UpgradeFinding[],
  force: boolean,
): void {
  const stopping = force ? always : [...always, ...blocking];
  if (stopping.length > 0) {
    throw new InputError(
      [
        `${field}: the ${what} is blocked${
          force ? ' (even with force)' : ''
        }; nothing was changed:`,
        ...stopping.map(f => `- ${findingLine(f)}`),
        force || always.length === stopping.length
          ? 'Fix these, then run again.'
          : 'Fix these, then run again; or set force to override them (EKS then overrides its readiness checks too).',
      ].join('\n'),
    );
  }
  for (const f of blocking) {
    run.note(`Overridden by force: ${findingLine(f)}`);
  }
}

/** Runs a named step of the flow and records how long it took. */
export async function timedStep<T>(
  run: ProvisioningRun,
  steps: UpgradeStepTiming[],
  title: string,
  fn: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  try {
    return await run.step(title, fn);
  } finally {
    steps.push({ title, elapsedMs: Date.now() - started });
  }
}
