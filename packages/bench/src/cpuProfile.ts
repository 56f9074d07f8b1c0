/** A V8 CPU profile (what the inspector's Profiler.stop returns). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  /** In microseconds, on the clock of `process.hrtime`. */
  startTime: number;
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** A span of each load's time, from the load's start, in ms. */
export interface Phase {
  name: string;
  fromMs: number;
  toMs: number;
}

/** CPU time of a phase, per load, and what it went to. */
export interface PhaseCpu {
  phase: Phase;
  cpuMsPerLoad: number;
  /** Largest first: the package (or Node.js module) of the sampled frame. */
  byPackage: [string, number][];
}

/** Where a sampled frame's code comes from: its npm package, workspace package or Node.js module. */
export function codeOrigin(url: string, functionName: string): string {
  if (!url) return `(${functionName.replace(/^\(|\)$/g, '')})`;
  const npm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (npm) return npm[1];
  const workspace = url.match(/\/((?:plugins|packages)\/[^/]+)\//);
  if (workspace) return workspace[1];
  const node = url.match(/^node:(?:internal\/)?([^/]+)/);
  return node ? `node:${node[1]}` : url;
}

function largestFirst(totals: Map<string, number>, loads: number) {
  return [...totals]
    .map(([key, us]): [string, number] => [key, us / 1000 / loads])
    .sort((a, b) => b[1] - a[1]);
}

/**
 * The CPU time of each phase of a series of loads (started at `loadStarts`,
 * in µs on the profile's clock), per load, by the package of the code that
 * ran. Idle samples are left out.
 */
export function cpuByPhase(
  profile: CpuProfile,
  loadStarts: number[],
  phases: Phase[],
): PhaseCpu[] {
  const frames = new Map(profile.nodes.map(n => [n.id, n.callFrame]));
  const totals = phases.map(() => new Map<string, number>());
  const latestFirst = [...loadStarts].sort((a, b) => b - a);
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i];
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') return;
    const start = latestFirst.find(s => s <= time);
    if (start === undefined) return;
    const ms = (time - start) / 1000;
    const p = phases.findIndex(ph => ms >= ph.fromMs && ms < ph.toMs);
    if (p < 0) return;
    const origin = codeOrigin(frame.url, frame.functionName);
    totals[p].set(origin, (totals[p].get(origin) ?? 0) + profile.timeDeltas[i]);
  });
  return phases.map((phase, p) => {
    const byPackage = largestFirst(totals[p], loadStarts.length);
    return {
      phase,
      cpuMsPerLoad: byPackage.reduce((sum, [, ms]) => sum + ms, 0),
      byPackage,
    };
  });
}

/**
 * A whole number of at least 1 from the environment variable `name`, or
 * `fallback` when it is unset; anything else is an error naming the variable.
 */
export function wholeNumberFromEnv(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `${name} must be a whole number of at least 1; got "${text}"`,
    );
  }
  return value;
}
