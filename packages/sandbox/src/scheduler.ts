/**
 * Runs state-machine transitions after realistic durations scaled by a
 * latency factor (1 = real AWS timings, 0.01 = a hundred times faster).
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(public latencyFactor: number) {
    Scheduler.check(latencyFactor);
  }

  static check(latencyFactor: number) {
    if (!(latencyFactor >= 0) || !Number.isFinite(latencyFactor)) {
      throw new RangeError(
        `latencyFactor must be a finite number >= 0, got ${latencyFactor}`,
      );
    }
  }

  /** Runs `fn` after `baseMs` (the real duration) times the latency factor. */
  after(baseMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.round(baseMs * this.latencyFactor));
    timer.unref();
    this.timers.add(timer);
  }

  /** Cancels every pending transition. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Real-world base durations of the state machines, in milliseconds. */
export const DURATIONS = {
  clusterCreate: 10 * 60_000,
  clusterDelete: 5 * 60_000,
  clusterUpdate: 3 * 60_000,
  nodegroupCreate: 4 * 60_000,
  nodegroupDelete: 5 * 60_000,
  nodegroupUpdate: 2 * 60_000,
  addonCreate: 60_000,
  addonUpdate: 45_000,
  addonDelete: 30_000,
  fargateCreate: 2 * 60_000,
  fargateDelete: 2 * 60_000,
  capabilityCreate: 3 * 60_000,
  capabilityUpdate: 60_000,
  capabilityDelete: 2 * 60_000,
  loadBalancerCreate: 2 * 60_000,
  loadBalancerDelete: 30_000,
  volumeCreate: 10_000,
  volumeDelete: 5_000,
} as const;
