import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import knexFactory from 'knex';
import {
  SANDBOX_HELM_PATH,
  startSandbox,
  type Sandbox,
  type SandboxSnapshot,
  type SandboxWrite,
} from '@backstage-eks/sandbox';

/** One isolated run: its own sandbox, its own scaffolder database. */
export interface ResumeWorld {
  sandboxUrl: string;
  /** Where the world's scaffolder SQLite database file lives. */
  databaseDirectory: string;
  /**
   * Freeze the world right after its task has stored this many successful
   * checkpoints (a count, not a key: keys can hold ids the sandbox
   * generates, such as a security group's).
   */
  killAfterCheckpoints?: number;
}

/** What a resume backend child process is started with. */
export interface ResumeBackendOptions {
  accountId: string;
  /** Template entities the catalog holds. */
  templates: object[];
  /** How long a task's heartbeat may be silent before it is recovered. */
  staleTimeoutMs: number;
  /** One backend per world. */
  worlds: ResumeWorld[];
}

/** Messages the child sends to its parent. */
export type ResumeBackendMessage =
  | { type: 'listening'; ports: number[] }
  | { type: 'frozen'; world: number }
  | { type: 'error'; message: string };

/** Scaffolder backends, one per world, running in a child process. */
export interface ResumeBackends {
  /** `http://127.0.0.1:PORT/api/scaffolder` of each world's backend. */
  readonly scaffolderUrls: string[];
  /** Resolves once every world with a checkpoint to stop at is frozen. */
  readonly allFrozen: Promise<void>;
  /** Ends the process with SIGKILL and waits until it is gone. */
  kill(): Promise<NodeJS.Signals | null>;
}

/**
 * Starts resumeBackendProcess.ts in a child process (TypeScript through the
 * Backstage CLI's node transform) with the sandbox's stand-in helm on PATH.
 */
export async function startResumeBackends(
  options: ResumeBackendOptions,
): Promise<ResumeBackends> {
  const child: ChildProcess = fork(
    join(__dirname, 'resumeBackendProcess.ts'),
    [],
    {
      execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
      env: {
        ...process.env,
        PATH: `${dirname(SANDBOX_HELM_PATH)}${delimiter}${process.env.PATH}`,
        RESUME_BACKEND_OPTIONS: JSON.stringify(options),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<NodeJS.Signals | null>(resolve =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const toFreeze = new Set(
    options.worlds.flatMap((w, i) => (w.killAfterCheckpoints ? [i] : [])),
  );
  let onAllFrozen = () => {};
  const allFrozen = new Promise<void>(resolve => {
    onAllFrozen = resolve;
  });
  if (toFreeze.size === 0) onAllFrozen();
  const ports = await new Promise<number[]>((resolve, reject) => {
    // the node transform also sends messages ({ type: 'watch' }): skip them
    child.on('message', (message: ResumeBackendMessage) => {
      if (message.type === 'listening') resolve(message.ports);
      if (message.type === 'error') {
        reject(new Error(`resume backend failed: ${message.message}`));
      }
      if (message.type === 'frozen') {
        toFreeze.delete(message.world);
        if (toFreeze.size === 0) onAllFrozen();
      }
    });
    void exited.then(signal =>
      reject(new Error(`resume backend ended (${signal}) before listening`)),
    );
  });
  return {
    scaffolderUrls: ports.map(p => `http://127.0.0.1:${p}/api/scaffolder`),
    allFrozen,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      return exited;
    },
  };
}

/** Creates a task from a template in the backend's catalog; returns its id. */
export async function createTask(
  scaffolderUrl: string,
  templateRef: string,
  values: object,
): Promise<string> {
  const response = await fetch(`${scaffolderUrl}/v2/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ templateRef, values, secrets: {} }),
  });
  const body = await response.json();
  if (response.status !== 201) {
    throw new Error(
      `creating the task answered ${response.status}: ${JSON.stringify(body)}`,
    );
  }
  return body.id;
}

/** A task as its row in the scaffolder's database holds it. */
export interface StoredTask {
  status: string;
  /** Stored checkpoints by full key, in the order they were first stored. */
  checkpoints: Record<string, { status: string; value?: unknown }>;
  /** Step state (task recovery): status by step id. */
  steps: Record<string, { status: string }>;
}

/** Reads a task straight from the scaffolder's SQLite file. */
export async function readStoredTask(
  databaseDirectory: string,
  taskId: string,
): Promise<StoredTask> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(databaseDirectory, 'scaffolder.sqlite') },
    useNullAsDefault: true,
  });
  try {
    const row = await db('tasks').where({ id: taskId }).first();
    const state = row?.state ? JSON.parse(row.state).state : {};
    return {
      status: row?.status,
      checkpoints: state?.checkpoints ?? {},
      steps: state?.steps ?? {},
    };
  } finally {
    await db.destroy();
  }
}

/**
 * Waits until the stored task is completed or failed (the backend that runs
 * it may be another process than the one that created it).
 */
export async function waitForStoredTask(
  databaseDirectory: string,
  taskId: string,
  timeoutMs: number,
): Promise<StoredTask> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await readStoredTask(databaseDirectory, taskId);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      return task;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `task ${taskId} still ${task.status} after ${timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** The log messages of a task (GET /v2/tasks/:id/events). */
export async function taskLog(
  scaffolderUrl: string,
  taskId: string,
): Promise<string[]> {
  const response = await fetch(`${scaffolderUrl}/v2/tasks/${taskId}/events`);
  const events: { body?: { message?: string; stepId?: string } }[] =
    await response.json();
  return events
    .filter(e => e.body?.message)
    .map(e => `[${e.body?.stepId ?? '-'}] ${e.body?.message}`);
}

/** Kubernetes kinds whose objects the simulation names at random. */
const GENERATED_KINDS = ['v1/Pod', 'v1/Node', 'karpenter.sh/v1/NodeClaim'];

/**
 * Every resource a sandbox holds, one line each, without the ids the
 * sandbox generates: a resource made twice shows as a repeated line (or a
 * higher count), one missing as a missing line.
 */
export function resourceInventory(snapshot: SandboxSnapshot): string[] {
  const lines: string[] = [];
  for (const [accountId, account] of Object.entries(snapshot.accounts)) {
    const at = (what: string) => `${accountId} ${what}`;
    lines.push(...account.iam.roles.map(r => at(`iam role ${r}`)));
    lines.push(...account.iam.policies.map(p => at(`iam policy ${p}`)));
    lines.push(
      ...account.iam.instanceProfiles.map(p => at(`iam instance-profile ${p}`)),
    );
    for (const [region, r] of Object.entries(account.regions)) {
      const inRegion = (what: string) => at(`${region} ${what}`);
      for (const [name, c] of Object.entries(r.eks.clusters)) {
        lines.push(inRegion(`eks cluster ${name}`));
        for (const ng of Object.keys(c.nodegroups)) {
          lines.push(inRegion(`eks nodegroup ${name}/${ng}`));
        }
        for (const addon of Object.keys(c.addons)) {
          lines.push(inRegion(`eks addon ${name}/${addon}`));
        }
        for (const a of c.podIdentityAssociations) {
          lines.push(
            inRegion(
              `eks pod-identity ${name}/${a.namespace}/${a.serviceAccount} ${a.roleArn}`,
            ),
          );
        }
        for (const entry of c.accessEntries) {
          lines.push(inRegion(`eks access-entry ${name}/${entry}`));
        }
        for (const [kind, objects] of Object.entries(c.kubernetes ?? {})) {
          if (GENERATED_KINDS.includes(kind)) continue;
          for (const o of objects)
            lines.push(inRegion(`k8s ${name} ${kind} ${o}`));
        }
      }
      lines.push(inRegion(`ec2 vpcs ${r.ec2.vpcs.length}`));
      lines.push(inRegion(`ec2 subnets ${r.ec2.subnets.length}`));
      lines.push(
        inRegion(`ec2 security-groups ${r.ec2.securityGroups.length}`),
      );
      lines.push(
        ...r.ec2.launchTemplates.map(t => inRegion(`ec2 launch-template ${t}`)),
      );
      // the seeded load balancers' names are generated: count them
      lines.push(
        inRegion(
          `elbv2 load-balancers ${Object.keys(r.elbv2.loadBalancers).length}`,
        ),
      );
      lines.push(
        ...Object.keys(r.sqs.queues).map(q => inRegion(`sqs queue ${q}`)),
      );
      for (const [name, rule] of Object.entries(r.events.rules)) {
        lines.push(
          inRegion(`events rule ${name} -> ${rule.targets.join(',')}`),
        );
      }
    }
  }
  return lines.sort();
}

/** Parameters that differ between two calls creating the same thing. */
const PER_CALL_PARAMS = ['clientRequestToken'];

/**
 * The creates (operations named Create..., Kubernetes create) a write log
 * holds more than once for the same thing: same service, operation and
 * parameters, per-call tokens aside.
 */
export function repeatedCreates(writes: SandboxWrite[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const write of writes) {
    if (!/^create/i.test(write.operation)) continue;
    const params = Object.fromEntries(
      Object.entries(write.params).filter(
        ([key]) => !PER_CALL_PARAMS.includes(key),
      ),
    );
    const identity = `${write.service} ${write.operation} ${JSON.stringify(
      params,
    )}`;
    if (seen.has(identity)) repeated.push(identity);
    seen.add(identity);
  }
  return repeated;
}

/** One run of a template in its own sandbox and scaffolder database. */
export interface ResumeRun {
  sandbox: Sandbox;
  databaseDirectory: string;
  taskId: string;
  /** The first backend was killed right after this many checkpoints. */
  killAfterCheckpoints?: number;
  /** The reference run's checkpoint at that position, to name the world. */
  killedAfter?: string;
  /** The task as the database held it when the first backend was killed. */
  atKill?: StoredTask;
  /** The task after the second backend resumed it. */
  resumed?: StoredTask;
}

/** What {@link killAndResumeAtEachCheckpoint} found. */
export interface KillAndResumeRuns {
  /** The run to the end without a kill. */
  reference: ResumeRun;
  /** The reference run's checkpoint keys, in the order they were stored. */
  checkpoints: string[];
  /** One world per checkpoint killed at, resumed. */
  worlds: ResumeRun[];
  /** How the first backends ended. */
  killSignal: NodeJS.Signals | null;
  /** Stops the sandboxes and removes the databases. */
  stop(): Promise<void>;
}

/*
 * Longer than a busy backend's heartbeat gap (1 s, plus event loop lag and
 * SQLite's one-second timestamps): with 1 s the scaffolder recovered tasks
 * that were still running and ran them twice in the same backend.
 */
const STALE_TIMEOUT_MS = 8000;

/**
 * The template runs once to the end (the reference); its stored checkpoints
 * are the list to kill at (those `killAt` selects, all by default). Then, for
 * each of them, a world of its own (a fresh sandbox, a fresh SQLite file)
 * runs the task in a first backend, which is stopped right after that
 * checkpoint is stored and killed with SIGKILL; a second backend process on
 * the same SQLite files recovers every task (scaffolder.taskRecovery) and
 * runs it to the end.
 */
export async function killAndResumeAtEachCheckpoint(options: {
  /** A template entity with `EXPERIMENTAL_recovery: startOver`. */
  template: { metadata: { name: string } };
  values: object;
  killAt?: (checkpointKey: string) => boolean;
  /** How long each task may take to complete, in the reference run and resumed. */
  referenceTimeoutMs?: number;
  resumeTimeoutMs?: number;
}): Promise<KillAndResumeRuns> {
  const tmp = mkdtempSync(join(tmpdir(), 'resume-'));
  const { template, values } = options;
  const templateRef = `template:default/${template.metadata.name}`;
  const runs: ResumeRun[] = [];
  const startWorld = async (name: string): Promise<ResumeRun> => {
    const run: ResumeRun = {
      sandbox: await startSandbox({ port: 0, latencyFactor: 0.0005 }),
      databaseDirectory: join(tmp, name),
      taskId: '',
    };
    runs.push(run);
    return run;
  };
  const stop = async () => {
    await Promise.all(runs.map(r => r.sandbox.stop()));
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // the reference run
    const reference = await startWorld('reference');
    const first = await startResumeBackends({
      accountId: reference.sandbox.accountId,
      templates: [template],
      staleTimeoutMs: STALE_TIMEOUT_MS,
      worlds: [{ sandboxUrl: reference.sandbox.url, ...reference }],
    });
    try {
      reference.taskId = await createTask(
        first.scaffolderUrls[0],
        templateRef,
        values,
      );
      const done = await waitForStoredTask(
        reference.databaseDirectory,
        reference.taskId,
        options.referenceTimeoutMs ?? 60_000,
      );
      if (done.status !== 'completed') {
        const log = await taskLog(first.scaffolderUrls[0], reference.taskId);
        throw new Error(`reference run ${done.status}:\n${log.join('\n')}`);
      }
      reference.resumed = done;
    } finally {
      await first.kill();
    }
    const checkpoints = Object.keys(reference.resumed!.checkpoints);

    // one world per checkpoint to kill at, each stopped right after it
    const killAt = options.killAt ?? (() => true);
    const worlds = await Promise.all(
      checkpoints.flatMap((key, i) =>
        killAt(key)
          ? [
              startWorld(`world-${i}`).then(w =>
                Object.assign(w, {
                  killAfterCheckpoints: i + 1,
                  killedAfter: `#${i + 1} ${key}`,
                }),
              ),
            ]
          : [],
      ),
    );
    const firstBackends = await startResumeBackends({
      accountId: reference.sandbox.accountId,
      templates: [template],
      staleTimeoutMs: STALE_TIMEOUT_MS,
      worlds: worlds.map(w => ({
        sandboxUrl: w.sandbox.url,
        databaseDirectory: w.databaseDirectory,
        killAfterCheckpoints: w.killAfterCheckpoints,
      })),
    });
    let killSignal: NodeJS.Signals | null;
    try {
      await Promise.all(
        worlds.map(async (w, i) => {
          w.taskId = await createTask(
            firstBackends.scaffolderUrls[i],
            templateRef,
            values,
          );
        }),
      );
      await firstBackends.allFrozen;
    } finally {
      killSignal = await firstBackends.kill();
    }
    for (const w of worlds) {
      w.atKill = await readStoredTask(w.databaseDirectory, w.taskId);
    }

    // a second backend process on the same databases recovers the tasks
    const secondBackends = await startResumeBackends({
      accountId: reference.sandbox.accountId,
      templates: [template],
      staleTimeoutMs: STALE_TIMEOUT_MS,
      worlds: worlds.map(w => ({
        sandboxUrl: w.sandbox.url,
        databaseDirectory: w.databaseDirectory,
      })),
    });
    try {
      await Promise.all(
        worlds.map(async w => {
          // many tasks resume at once in one backend: on a loaded 2-core
          // machine that takes well over a minute
          w.resumed = await waitForStoredTask(
            w.databaseDirectory,
            w.taskId,
            options.resumeTimeoutMs ?? 180_000,
          );
        }),
      );
    } finally {
      await secondBackends.kill();
    }
    return { reference, checkpoints, worlds, killSignal, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Checkpoint keys, sorted, with the ids the sandbox generates blanked. */
function withoutIds(keys: string[]): string[] {
  return keys.map(k => k.replace(/\bsg-[0-9a-f]+/g, 'sg-*')).sort();
}

/**
 * The worlds whose first backend was not stopped right after its
 * checkpoint: still processing, with exactly that many stored, all
 * successful.
 */
export function notKilledAtTheirCheckpoint(worlds: ResumeRun[]): string[] {
  return worlds.flatMap(w => {
    const stored = Object.values(w.atKill!.checkpoints);
    return w.atKill!.status === 'processing' &&
      stored.length === w.killAfterCheckpoints &&
      stored.every(c => c.status === 'success')
      ? []
      : [`${w.killedAfter}: ${w.atKill!.status}, ${stored.length} stored`];
  });
}

/**
 * The worlds whose resumed task did not complete, changed a checkpoint
 * stored before the kill (a stored checkpoint is read back, not run again)
 * or stored one the reference run does not know.
 */
export function notResumedAsTheReference(
  checkpoints: string[],
  worlds: ResumeRun[],
): string[] {
  const known = new Set(withoutIds(checkpoints));
  return worlds.flatMap(w => {
    const before = w.atKill!.checkpoints;
    const after = w.resumed!.checkpoints;
    const problems = [
      ...(w.resumed!.status === 'completed' ? [] : [w.resumed!.status]),
      ...Object.keys(before)
        .filter(k => JSON.stringify(after[k]) !== JSON.stringify(before[k]))
        .map(k => `changed ${k}`),
      ...withoutIds(Object.keys(after))
        .filter(k => !known.has(k))
        .map(k => `unknown ${k}`),
    ];
    return problems.length ? [`${w.killedAfter}: ${problems}`] : [];
  });
}

/** The worlds whose resources differ from the reference's: missing, extra or twice. */
export function inventoryUnlikeTheReference(
  reference: ResumeRun,
  worlds: ResumeRun[],
): string[] {
  const expected = resourceInventory(reference.sandbox.snapshot());
  return worlds.flatMap(w => {
    const actual = resourceInventory(w.sandbox.snapshot());
    const missing = expected.filter(r => !actual.includes(r));
    const extra = actual.filter(
      (r, i) => !expected.includes(r) || actual.indexOf(r) !== i,
    );
    return missing.length || extra.length
      ? [`${w.killedAfter}: missing ${missing}; extra or twice ${extra}`]
      : [];
  });
}
