import {
  fullStackSteps,
  fullStackTemplate,
} from '@backstage-eks/scaffolder-test-utils';
import {
  inventoryUnlikeTheReference,
  killAndResumeAtEachCheckpoint,
  KillAndResumeRuns,
  notKilledAtTheirCheckpoint,
  notResumedAsTheReference,
  repeatedCreates,
  resourceInventory,
} from './__testUtils__/resumeHarness';

jest.setTimeout(480_000);

const template = fullStackTemplate('eks-full-stack', fullStackSteps, {
  EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
});

/*
 * The template runs once to the end (the reference); then, for each of its
 * checkpoints, a world of its own runs it in a first backend killed with
 * SIGKILL right after that checkpoint is stored, and a second backend
 * process recovers the task and runs it to the end (killAndResumeAtEachCheckpoint).
 */
describe('a scaffolder task killed at each checkpoint and resumed', () => {
  let runs: KillAndResumeRuns;

  beforeAll(async () => {
    runs = await killAndResumeAtEachCheckpoint({
      template,
      values: { clusterName: 'resumed' },
    });
  });

  afterAll(async () => {
    await runs?.stop();
  });

  it('the reference run stores a checkpoint for every step', () => {
    expect(runs.checkpoints.length).toBeGreaterThan(30);
    const steps = new Set(runs.checkpoints.map(k => k.split('.')[3]));
    expect([...steps]).toEqual([
      'create',
      'addons',
      'karpenter',
      'pod-identity',
    ]);
  });

  it('each first backend was killed right after its checkpoint was stored', () => {
    expect(runs.killSignal).toBe('SIGKILL');
    expect(notKilledAtTheirCheckpoint(runs.worlds)).toEqual([]);
  });

  it('each resumed task completes, keeping what was stored before the kill', () => {
    expect(notResumedAsTheReference(runs.checkpoints, runs.worlds)).toEqual([]);
  });

  it('each resumed world holds every resource exactly once, as the reference', () => {
    const expected = resourceInventory(runs.reference.sandbox.snapshot());
    expect(new Set(expected).size).toBe(expected.length);
    expect(inventoryUnlikeTheReference(runs.reference, runs.worlds)).toEqual(
      [],
    );
  });

  it('no resumed world created anything twice', () => {
    expect(repeatedCreates(runs.reference.sandbox.writes)).toEqual([]);
    const wrong = runs.worlds.flatMap(w =>
      repeatedCreates(w.sandbox.writes).map(r => `${w.killedAfter}: ${r}`),
    );
    expect(wrong).toEqual([]);
  });
});
