import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fullStackSteps,
  fullStackTemplate,
} from '@backstage-eks/scaffolder-test-utils';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import {
  createTask,
  readStoredTask,
  resourceInventory,
  repeatedCreates,
  startResumeBackends,
  StoredTask,
  taskLog,
  waitForStoredTask,
} from './__testUtils__/resumeHarness';

jest.setTimeout(480_000);

const template = fullStackTemplate('eks-full-stack', fullStackSteps, {
  EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
});
const templateRef = 'template:default/eks-full-stack';
const values = { clusterName: 'resumed' };

/*
 * Longer than a busy backend's heartbeat gap (1 s, plus event loop lag and
 * SQLite's one-second timestamps): with 1 s the scaffolder recovered tasks
 * that were still running and ran them twice in the same backend.
 */
const staleTimeoutMs = 8000;

/** Checkpoint keys, sorted, with the ids the sandbox generates blanked. */
function withoutIds(keys: string[]): string[] {
  return keys.map(k => k.replace(/\bsg-[0-9a-f]+/g, 'sg-*')).sort();
}

/** One run of the template in its own sandbox and scaffolder database. */
interface World {
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

async function startWorld(tmp: string, name: string) {
  return {
    sandbox: await startSandbox({ port: 0, latencyFactor: 0.0005 }),
    databaseDirectory: join(tmp, name),
  };
}

/*
 * The template runs once to the end (the reference); its stored checkpoints
 * are the list to kill at. Then, for each checkpoint k, a world of its own
 * (a fresh sandbox, a fresh SQLite file) runs the task in a first backend,
 * which is stopped right after k is stored and killed with SIGKILL; a
 * second backend process on the same SQLite files recovers every task
 * (scaffolder.taskRecovery) and runs it to the end.
 */
describe('a scaffolder task killed at each checkpoint and resumed', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'resume-'));
  let reference: World;
  let checkpoints: string[];
  let worlds: World[] = [];
  let killSignal: NodeJS.Signals | null;

  beforeAll(async () => {
    // the reference run
    const world = await startWorld(tmp, 'reference');
    const first = await startResumeBackends({
      accountId: world.sandbox.accountId,
      templates: [template],
      staleTimeoutMs,
      worlds: [{ sandboxUrl: world.sandbox.url, ...world }],
    });
    try {
      const taskId = await createTask(
        first.scaffolderUrls[0],
        templateRef,
        values,
      );
      const done = await waitForStoredTask(
        world.databaseDirectory,
        taskId,
        60_000,
      );
      if (done.status !== 'completed') {
        const log = await taskLog(first.scaffolderUrls[0], taskId);
        throw new Error(`reference run ${done.status}:\n${log.join('\n')}`);
      }
      reference = { ...world, taskId, resumed: done };
      checkpoints = Object.keys(done.checkpoints);
    } finally {
      await first.kill();
    }

    // one world per checkpoint, each stopped right after it
    worlds = await Promise.all(
      checkpoints.map(async (key, i) => ({
        ...(await startWorld(tmp, `world-${i}`)),
        taskId: '',
        killAfterCheckpoints: i + 1,
        killedAfter: `#${i + 1} ${key}`,
      })),
    );
    const firstBackends = await startResumeBackends({
      accountId: reference.sandbox.accountId,
      templates: [template],
      staleTimeoutMs,
      worlds: worlds.map(w => ({
        sandboxUrl: w.sandbox.url,
        databaseDirectory: w.databaseDirectory,
        killAfterCheckpoints: w.killAfterCheckpoints,
      })),
    });
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
      staleTimeoutMs,
      worlds: worlds.map(w => ({
        sandboxUrl: w.sandbox.url,
        databaseDirectory: w.databaseDirectory,
      })),
    });
    try {
      await Promise.all(
        worlds.map(async w => {
          // nine tasks resume at once in one backend: on a loaded 2-core
          // machine that takes well over a minute
          w.resumed = await waitForStoredTask(
            w.databaseDirectory,
            w.taskId,
            180_000,
          );
        }),
      );
    } finally {
      await secondBackends.kill();
    }
  });

  afterAll(async () => {
    await Promise.all(
      [reference, ...worlds].filter(Boolean).map(w => w.sandbox.stop()),
    );
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the reference run stores a checkpoint for every step', () => {
    expect(checkpoints.length).toBeGreaterThan(30);
    const steps = new Set(checkpoints.map(k => k.split('.')[3]));
    expect([...steps]).toEqual([
      'create',
      'addons',
      'karpenter',
      'pod-identity',
    ]);
  });

  it('each first backend was killed right after its checkpoint was stored', () => {
    expect(killSignal).toBe('SIGKILL');
    const wrong = worlds.flatMap(w => {
      const stored = Object.values(w.atKill!.checkpoints);
      return w.atKill!.status === 'processing' &&
        stored.length === w.killAfterCheckpoints &&
        stored.every(c => c.status === 'success')
        ? []
        : [`${w.killedAfter}: ${w.atKill!.status}, ${stored.length} stored`];
    });
    expect(wrong).toEqual([]);
  });

  it('each resumed task completes, keeping what was stored before the kill', () => {
    const known = new Set(withoutIds(checkpoints));
    const wrong = worlds.flatMap(w => {
      const before = w.atKill!.checkpoints;
      const after = w.resumed!.checkpoints;
      const problems = [
        ...(w.resumed!.status === 'completed' ? [] : [w.resumed!.status]),
        // a stored checkpoint is read back, not run again
        ...Object.keys(before)
          .filter(k => JSON.stringify(after[k]) !== JSON.stringify(before[k]))
          .map(k => `changed ${k}`),
        ...withoutIds(Object.keys(after))
          .filter(k => !known.has(k))
          .map(k => `unknown ${k}`),
      ];
      return problems.length ? [`${w.killedAfter}: ${problems}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('each resumed world holds every resource exactly once, as the reference', () => {
    const expected = resourceInventory(reference.sandbox.snapshot());
    expect(new Set(expected).size).toBe(expected.length);
    const wrong = worlds.flatMap(w => {
      const actual = resourceInventory(w.sandbox.snapshot());
      const missing = expected.filter(r => !actual.includes(r));
      const extra = actual.filter(
        (r, i) => !expected.includes(r) || actual.indexOf(r) !== i,
      );
      return missing.length || extra.length
        ? [`${w.killedAfter}: missing ${missing}; extra or twice ${extra}`]
        : [];
    });
    expect(wrong).toEqual([]);
  });

  it('no resumed world created anything twice', () => {
    expect(repeatedCreates(reference.sandbox.writes)).toEqual([]);
    const wrong = worlds.flatMap(w =>
      repeatedCreates(w.sandbox.writes).map(r => `${w.killedAfter}: ${r}`),
    );
    expect(wrong).toEqual([]);
  });
});
