import { parseTaskStepLine } from '@backstage-eks/plugin-eks-common';

/** Where a named step of an action stands on the task page. */
export type NamedStepState = 'done' | 'running' | 'failed' | 'stopped';

/** One named step of an action (eks-common's task step lines), as shown. */
export interface NamedStep {
  index: number;
  total?: number;
  title: string;
  state: NamedStepState;
  /** When its start line was logged (ms since the epoch), if known. */
  startedAt?: number;
  /** How long it took; for a running step, how long it has run so far. */
  elapsedMs?: number;
}

/** A scaffolder step status as the task event stream reports it. */
export type ScaffolderStepStatus =
  | 'open'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | string;

/**
 * The named steps of one scaffolder step, from its log lines as the task
 * page holds them (`<ISO timestamp> <message>`): each started step, ended
 * (done / failed, with the elapsed time the backend measured) or still
 * running (elapsed until `now`). A step the log started but never ended is
 * `stopped` once its scaffolder step is over (it failed, or was cancelled).
 * Later lines for the same step number (a retried task) replace earlier ones.
 */
export function namedSteps(
  logLines: readonly string[],
  stepStatus: ScaffolderStepStatus | undefined,
  now: number,
): NamedStep[] {
  const byIndex = new Map<number, NamedStep>();
  for (const line of logLines) {
    const parsed = parseTaskStepLine(line);
    if (!parsed) continue;
    const at = timestampOf(line);
    if (parsed.phase === 'started') {
      byIndex.set(parsed.index, {
        index: parsed.index,
        total: parsed.total,
        title: parsed.title,
        state: 'running',
        startedAt: at,
      });
    } else {
      byIndex.set(parsed.index, {
        index: parsed.index,
        total: parsed.total,
        title: parsed.title,
        state: parsed.phase,
        startedAt: byIndex.get(parsed.index)?.startedAt,
        elapsedMs: parsed.elapsedMs,
      });
    }
  }
  const over =
    stepStatus !== undefined && !['open', 'processing'].includes(stepStatus);
  return [...byIndex.values()]
    .sort((a, b) => a.index - b.index)
    .map(step => {
      if (step.state !== 'running') return step;
      if (over) return { ...step, state: 'stopped' };
      return {
        ...step,
        elapsedMs:
          step.startedAt !== undefined
            ? Math.max(0, now - step.startedAt)
            : undefined,
      };
    });
}

/** The timestamp in front of a task page log line, in ms, if it has one. */
function timestampOf(line: string): number | undefined {
  const first = line.slice(0, line.indexOf(' '));
  if (!/^\d{4}-\d{2}-\d{2}T/.test(first)) return undefined;
  const ms = Date.parse(first);
  return Number.isNaN(ms) ? undefined : ms;
}
