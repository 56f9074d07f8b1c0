/** One AWS or Kubernetes request the sandbox answered. */
export interface SandboxCall {
  /** `eks`, `iam`, `ec2`, `sqs`, `events`, `sts` or `kubernetes`. */
  service: string;
  /** The AWS operation, or `GET /api/v1/nodes` style for Kubernetes. */
  operation: string;
  /** When the sandbox received the request and when it answered (epoch ms). */
  startMs: number;
  endMs: number;
}

/**
 * Parses one line of the sandbox's request log (`startSandbox({ log })`):
 * `<time> <status> <service> <operation> <account>/<region> ...` for AWS,
 * `<time> <status> kubernetes <cluster> <method> <path> ...` for Kubernetes.
 */
export function parseSandboxLogLine(line: string): SandboxCall | undefined {
  const parts = line.split(' ');
  const endMs = Date.parse(parts[0]);
  const duration = /(\d+)ms$/.exec(line);
  if (parts.length < 5 || !/^\d{3}$/.test(parts[1]) || !duration) {
    return undefined;
  }
  const timing = { startMs: endMs - Number(duration[1]), endMs };
  const service = parts[2];
  if (service === 'kubernetes') {
    const path = (parts[5] ?? '').split('?')[0];
    return { service, operation: `${parts[4]} ${path}`, ...timing };
  }
  return { service, operation: parts[3], ...timing };
}

/** Collects the sandbox's request log; `since(mark())` gives the calls made meanwhile. */
export class SandboxCallLog {
  private readonly calls: SandboxCall[] = [];
  /** Called with each call as the sandbox answers it. */
  onCall?: (call: SandboxCall) => void;

  /** Pass as the sandbox's `log` option. */
  readonly listener = (line: string) => {
    const call = parseSandboxLogLine(line);
    if (!call) return;
    this.calls.push(call);
    this.onCall?.(call);
  };

  mark(): number {
    return this.calls.length;
  }

  since(mark: number): SandboxCall[] {
    return this.calls.slice(mark);
  }
}

/** `service:operation` -> how many times, sorted by key. */
export function countCalls(calls: SandboxCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const key = `${c.service}:${c.operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The longest chain of calls where each started after the previous one
 * answered: how many rounds of dependent calls the work took. Times have
 * millisecond resolution, so a call that starts within 1 ms of another's
 * answer counts as after it.
 */
export function dependentRounds(calls: SandboxCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs);
  const depth: number[] = [];
  sorted.forEach((call, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) {
      if (sorted[j].endMs <= call.startMs + 1) best = Math.max(best, depth[j]);
    }
    depth.push(best + 1);
  });
  return Math.max(0, ...depth);
}
