import { formatTaskStepLine } from '@backstage-eks/plugin-eks-common';
import { AwsClients } from '../aws/AwsClientFactory';

/** A JSON value, as a checkpoint can store it. @public */
export type CheckpointValue =
  | string
  | number
  | boolean
  | null
  | CheckpointValue[]
  | { [key: string]: CheckpointValue | undefined };

/**
 * Runs `fn` at most once per key across retries of the same task: the
 * scaffolder's `ctx.checkpoint` stores the result and returns it on resume.
 *
 * @public
 */
export type Checkpoint = <T extends CheckpointValue | void>(
  key: string,
  fn: () => Promise<T>,
) => Promise<T>;

/** Where progress messages go (the scaffolder's task log). @public */
export interface ProgressLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** One change a run makes, or would make in a dry run. @public */
export interface PlannedChange {
  action: 'create' | 'update' | 'delete' | 'tag' | 'install' | 'apply';
  resource: string;
  detail?: string;
}

/** How long and how often waits poll. @public */
export interface WaitSettings {
  /** Give up after this many seconds (per wait). */
  timeoutSeconds: number;
  /** Shortest delay between polls. */
  minDelaySeconds: number;
  /** Longest delay between polls. */
  maxDelaySeconds: number;
  /**
   * Scales the typical durations polls are spaced by (default 1: real AWS;
   * a sandbox running its state machines faster passes its latency factor).
   */
  typicalDurationFactor?: number;
}

/** One AWS or Kubernetes write a run is about to make. @public */
export interface RunWrite {
  change: PlannedChange;
  accountId: string;
  region: string;
  /** The checkpoint key the write runs under. */
  key: string;
}

/**
 * Sees every write of a run (an audit log, for example): wraps `write`, which
 * makes the change and returns its result, and must call it exactly once and
 * return or throw what it does. Not called in a dry run, nor for a change a
 * resumed task's checkpoint already holds (nothing is written then).
 *
 * @public
 */
export type WriteObserver = <T>(
  write: RunWrite,
  makeWrite: () => Promise<T>,
) => Promise<T>;

/** Options of {@link ProvisioningRun}. @public */
export interface ProvisioningRunOptions {
  aws: AwsClients;
  /** Defaults to running `fn` directly (no resume). */
  checkpoint?: Checkpoint;
  /** Only read-only calls; changes are recorded in `plan`. */
  dryRun?: boolean;
  logger?: ProgressLogger;
  wait?: Partial<WaitSettings>;
  /** Sees every write the run makes (see {@link WriteObserver}). */
  observeWrite?: WriteObserver;
  /**
   * Take over existing resources this request did not create (the explicit
   * `adopt` input; see `checkOwnership`). Default false: the run refuses.
   */
  adopt?: boolean;
}

/** Default wait settings: real AWS timings. @public */
export const DEFAULT_WAIT_SETTINGS: WaitSettings = {
  timeoutSeconds: 30 * 60,
  minDelaySeconds: 5,
  maxDelaySeconds: 30,
};

/**
 * Polls of a wait whose typical duration is known are at most this share of
 * it apart (within the wait settings' range): a wait then ends at most about
 * 5% after the resource is ready.
 *
 * @public
 */
export const POLL_DELAY_SHARE_OF_TYPICAL_DURATION = 0.05;

const silentLogger: ProgressLogger = { info: () => {}, warn: () => {} };

/**
 * The state of one provisioning run: which account and region it works in,
 * how mutations are checkpointed, whether it is a dry run, what it changed
 * (or would change) and what drift it found.
 *
 * Every step takes a run; every AWS or Kubernetes mutation goes through
 * {@link ProvisioningRun.change}.
 *
 * @public
 */
export class ProvisioningRun {
  readonly aws: AwsClients;
  readonly dryRun: boolean;
  /** Whether the run may take over resources it did not create. */
  readonly adopt: boolean;
  readonly logger: ProgressLogger;
  readonly wait: WaitSettings;
  /** Changes made (or, in a dry run, planned), in order. */
  readonly plan: PlannedChange[] = [];
  /**
   * Drift found: differences from what the action keeps, or that it cannot
   * change (see {@link ProvisioningRun.reportDrift}); not the changes a
   * request asks for.
   */
  readonly drift: string[] = [];
  /** Notes for the person running the template. */
  readonly notes: string[] = [];
  private readonly checkpointFn: Checkpoint;
  private readonly observeWrite?: WriteObserver;
  /** Named steps of the flow so far, their total, and how deep we are in one. */
  private stepCount = 0;
  private stepTotal?: number;
  private stepDepth = 0;

  constructor(options: ProvisioningRunOptions) {
    this.aws = options.aws;
    this.dryRun = options.dryRun ?? false;
    this.adopt = options.adopt ?? false;
    this.logger = options.logger ?? silentLogger;
    this.wait = { ...DEFAULT_WAIT_SETTINGS, ...options.wait };
    this.checkpointFn = options.checkpoint ?? (async (_key, fn) => fn());
    this.observeWrite = options.observeWrite;
  }

  get accountId(): string {
    return this.aws.target.accountId;
  }

  get region(): string {
    return this.aws.target.region;
  }

  /** The checkpoint key of a step: account, region, then names. */
  key(...parts: string[]): string {
    return [this.accountId, this.region, ...parts].join('/');
  }

  /**
   * Makes one change: logs it, records it in the plan and runs `fn` inside
   * a checkpoint keyed on account, region and `keyParts`, through the
   * run's {@link WriteObserver} when it has one. In a dry run `fn` is not
   * called and `undefined` is returned.
   */
  async change<T extends CheckpointValue | void>(
    change: PlannedChange,
    keyParts: string[],
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    this.plan.push(change);
    const what = `${change.action} ${change.resource}${
      change.detail ? ` (${change.detail})` : ''
    }`;
    if (this.dryRun) {
      this.logger.info(`[dry run] would ${what}`);
      return undefined;
    }
    this.logger.info(`${capitalize(what)}`);
    const key = this.key(change.action, ...keyParts);
    const observe = this.observeWrite;
    return this.checkpointFn(
      key,
      observe
        ? () =>
            observe(
              { change, accountId: this.accountId, region: this.region, key },
              fn,
            )
        : fn,
    );
  }

  /**
   * Records drift: what exists differs from what this action keeps it at
   * (settings it always applies, such as IMDSv2 on launch templates or the
   * interruption queue's attributes), or from the request in a way the run
   * cannot change. Something changed it outside the action: a warning, and
   * the `drift` output.
   */
  reportDrift(message: string): void {
    this.drift.push(message);
    this.logger.warn(`Drift: ${message}`);
  }

  /**
   * Records a change the request asks for: what exists differs from a value
   * the person gave (an add-on's version or configuration, a node group's
   * sizes, the role of an association) and the run changes it. Not drift:
   * logged as information, and the change itself is in the plan.
   */
  reportRequestedChange(message: string): void {
    this.logger.info(`Changing as asked: ${message}`);
  }

  /** Records a note for the person (logged as a warning). */
  note(message: string): void {
    this.notes.push(message);
    this.logger.warn(message);
  }

  /**
   * Starts counting the named steps of a flow (see {@link ProvisioningRun.step}):
   * `total` is how many it will run, when the flow knows. Inside a step (a
   * flow run as part of another's step) it does nothing: the outer flow's
   * steps are the ones the log counts.
   */
  beginSteps(total?: number): void {
    if (this.stepDepth > 0) return;
    this.stepCount = 0;
    this.stepTotal = total;
  }

  /**
   * Runs one named step of a flow: logs its start and its end (done or
   * failed, with the elapsed time) in the task step line shape of eks-common
   * (`formatTaskStepLine`), which the task page reads to show the steps as
   * they pass. A step run inside another step (a flow inside another's
   * step) logs its title only, and the outer step's lines stand for it.
   */
  async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
    if (this.stepDepth > 0) {
      this.logger.info(capitalize(title));
      return fn();
    }
    const index = ++this.stepCount;
    // a flow that counted its steps wrong still logs them, without a total
    const total =
      this.stepTotal !== undefined && this.stepTotal >= index
        ? this.stepTotal
        : undefined;
    const started = Date.now();
    this.logger.info(
      formatTaskStepLine({ phase: 'started', index, total, title }),
    );
    this.stepDepth++;
    try {
      const result = await fn();
      this.stepDepth--;
      this.logger.info(
        formatTaskStepLine({
          phase: 'done',
          index,
          total,
          title,
          elapsedMs: Date.now() - started,
        }),
      );
      return result;
    } catch (error) {
      this.stepDepth--;
      this.logger.warn(
        formatTaskStepLine({
          phase: 'failed',
          index,
          total,
          title,
          elapsedMs: Date.now() - started,
        }),
      );
      throw error;
    }
  }

  /** Runs a wait, logging what is awaited and how long it took. */
  async waitFor<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    this.logger.info(
      `Waiting for ${what} (timeout ${this.wait.timeoutSeconds}s)`,
    );
    try {
      const result = await fn();
      this.logger.info(`${capitalize(what)}: done after ${elapsed(started)}`);
      return result;
    } catch (error) {
      this.logger.warn(
        `${capitalize(what)}: gave up after ${elapsed(started)}`,
      );
      throw error;
    }
  }

  /**
   * SDK waiter options from the wait settings. Given the typical duration of
   * what is awaited (in seconds), the longest delay is capped at
   * {@link POLL_DELAY_SHARE_OF_TYPICAL_DURATION} of it, never below the
   * shortest delay.
   */
  waiterOptions<C>(
    client: C,
    typicalSeconds?: number,
  ): {
    client: C;
    maxWaitTime: number;
    minDelay: number;
    maxDelay: number;
  } {
    const { minDelaySeconds, maxDelaySeconds } = this.wait;
    const maxDelay =
      typicalSeconds === undefined
        ? maxDelaySeconds
        : Math.max(
            minDelaySeconds,
            Math.min(
              maxDelaySeconds,
              typicalSeconds *
                (this.wait.typicalDurationFactor ?? 1) *
                POLL_DELAY_SHARE_OF_TYPICAL_DURATION,
            ),
          );
    return {
      client,
      maxWaitTime: this.wait.timeoutSeconds,
      minDelay: minDelaySeconds,
      maxDelay,
    };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function elapsed(started: number): string {
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`
    : `${seconds}s`;
}
