/** One fault rule: which calls it matches and what it does to them. */
export interface FaultRule {
  /** Service name as in the SigV4 scope (`eks`, `iam`, ...) or `kubernetes`; all when omitted. */
  service?: string;
  /** Operation name (`DescribeCluster`, or `GET` etc. for kubernetes); all when omitted. */
  operation?: string;
  /** Probability (0..1) that a matching call fails with the service's throttling error. */
  throttleRate?: number;
  /** Probability (0..1) that a matching call fails with a 5xx internal error. */
  serverErrorRate?: number;
  /** Added latency in milliseconds (not scaled by the latency factor). */
  latencyMs?: number;
  /** The rule expires after it matched this many calls (default: never). */
  count?: number;
}

/** What the injector decided for one call. */
export interface FaultDecision {
  latencyMs: number;
  fault?: 'throttle' | 'serverError';
}

/** A small seeded PRNG (mulberry32): the same seed gives the same numbers. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, value: number | undefined) {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new RangeError(
      `${name} must be a number between 0 and 1, got ${value}`,
    );
  }
}

/**
 * Fault injection for tests: throttling, server errors and added latency,
 * per service and operation. Rules add up: the latencies of all matching
 * rules are summed, and each matching rule rolls its own dice.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private injectedFaults: Array<{ service: string; fault: string }> = [];

  constructor(private random: () => number = Math.random) {}

  /**
   * Makes the dice deterministic from now on: the same seed and the same
   * sequence of calls give the same faults.
   */
  seed(value: number): void {
    if (!Number.isInteger(value)) {
      throw new RangeError(`seed must be an integer, got ${value}`);
    }
    this.random = seededRandom(value);
  }

  /** Adds a rule. */
  set(rule: FaultRule): void {
    checkRate('throttleRate', rule.throttleRate);
    checkRate('serverErrorRate', rule.serverErrorRate);
    if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) {
      throw new RangeError(`latencyMs must be >= 0, got ${rule.latencyMs}`);
    }
    if (
      rule.count !== undefined &&
      !(Number.isInteger(rule.count) && rule.count > 0)
    ) {
      throw new RangeError(
        `count must be a positive integer, got ${rule.count}`,
      );
    }
    this.rules.push({ ...rule });
  }

  /** Removes all rules (the tally of injected faults stays until the next clear of it). */
  clear(): void {
    this.rules = [];
  }

  /**
   * How many faults were injected since the last resetInjected(), per
   * service: a test of retries asserts its calls were in fact refused.
   */
  injected(service?: string): number {
    return this.injectedFaults.filter(f => !service || f.service === service)
      .length;
  }

  /** Starts the tally of injected faults again from zero. */
  resetInjected(): void {
    this.injectedFaults = [];
  }

  /** The rules in force. */
  list(): FaultRule[] {
    return this.rules.map(r => ({ ...r }));
  }

  decide(service: string, operation: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.service && rule.service !== service) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.count !== undefined) {
        rule.count -= 1;
        if (rule.count === 0) this.rules = this.rules.filter(r => r !== rule);
      }
      decision.latencyMs += rule.latencyMs ?? 0;
      if (
        !decision.fault &&
        rule.throttleRate &&
        this.random() < rule.throttleRate
      ) {
        decision.fault = 'throttle';
      }
      if (
        !decision.fault &&
        rule.serverErrorRate &&
        this.random() < rule.serverErrorRate
      ) {
        decision.fault = 'serverError';
      }
    }
    if (decision.fault) {
      this.injectedFaults.push({ service, fault: decision.fault });
    }
    return decision;
  }
}
