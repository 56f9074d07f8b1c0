/**
 * The named steps of a long action (create a cluster, install add-ons, set
 * up Karpenter, Pod Identity, delete a cluster) as lines of the task log:
 * the backend writes one line when a step starts and one when it ends, and
 * the task page reads them back to show the steps as they pass, with their
 * elapsed time. One shape, written by {@link formatTaskStepLine} and read by
 * {@link parseTaskStepLine}:
 *
 * ```
 * Step 2/8 started: node IAM role and its access entry
 * Step 2/8 done after 1.2s (1234 ms): node IAM role and its access entry
 * Step 2/8 failed after 3m5s (185012 ms): node IAM role and its access entry
 * ```
 *
 * The total (`/8`) is left out when a flow does not know it.
 */

/** Where a named step of an action is. @public */
export type TaskStepPhase = 'started' | 'done' | 'failed';

/** One start or end of a named step of an action, as the task log holds it. @public */
export interface TaskStepLine {
  phase: TaskStepPhase;
  /** 1-based position of the step in its action. */
  index: number;
  /** How many steps the action runs, when it knows. */
  total?: number;
  /** What the step does, e.g. "node IAM role and its access entry". */
  title: string;
  /** How long the step took (`done` and `failed` lines). */
  elapsedMs?: number;
}

const STEP_LINE =
  /^Step (\d+)(?:\/(\d+))? (started|done|failed)(?: after [^()]* \((\d+) ms\))?: (.+)$/;

/** A duration a person reads: `850ms`, `1.2s`, `3m5s`, `1h2m`. @public */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds}s`;
  const whole = Math.round(ms / 1000);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${whole % 60}s`;
  return `${Math.floor(whole / 3600)}h${Math.floor((whole % 3600) / 60)}m`;
}

/**
 * The log line of a step's start or end (see the module's shape). Throws on
 * a line the parser could not read back: an index below 1, a total below
 * the index, an empty or multi-line title, an end without its elapsed time.
 *
 * @public
 */
export function formatTaskStepLine(line: TaskStepLine): string {
  const { phase, index, total, elapsedMs } = line;
  const title = line.title.trim();
  if (!Number.isInteger(index) || index < 1) {
    throw new Error(
      `step index must be an integer of at least 1, got ${index}`,
    );
  }
  if (total !== undefined && (!Number.isInteger(total) || total < index)) {
    throw new Error(
      `step total must be an integer of at least the index ${index}, got ${total}`,
    );
  }
  if (!title || /[\r\n]/.test(title)) {
    throw new Error('step title must be one non-empty line');
  }
  const position = `Step ${index}${total !== undefined ? `/${total}` : ''}`;
  if (phase === 'started') return `${position} started: ${title}`;
  if (elapsedMs === undefined || !(elapsedMs >= 0)) {
    throw new Error(`a ${phase} step line needs its elapsed time in ms`);
  }
  const ms = Math.round(elapsedMs);
  return `${position} ${phase} after ${formatElapsed(ms)} (${ms} ms): ${title}`;
}

/**
 * Reads a step line back from a task log message, or `undefined` when the
 * message is no step line. Accepts the message as the scaffolder stores and
 * streams it: an ISO timestamp in front (the task page's log lines), the
 * log level (`info: `, possibly with terminal colour codes) before it.
 *
 * @public
 */
export function parseTaskStepLine(message: string): TaskStepLine | undefined {
  const text = withoutLogPrefix(message);
  const match = STEP_LINE.exec(text);
  if (!match) return undefined;
  const [, index, total, phase, ms, title] = match;
  if (phase !== 'started' && ms === undefined) return undefined;
  return {
    phase: phase as TaskStepPhase,
    index: Number(index),
    ...(total !== undefined ? { total: Number(total) } : {}),
    title,
    ...(ms !== undefined ? { elapsedMs: Number(ms) } : {}),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})\s+/;
const LEVEL = /^(?:error|warn|info|debug|verbose):\s*/;

/** The message without timestamp, colour codes and log level. */
function withoutLogPrefix(message: string): string {
  return message
    .replace(ANSI_COLOUR, '')
    .replace(TIMESTAMP, '')
    .replace(LEVEL, '')
    .trim();
}
