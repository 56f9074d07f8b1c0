import {
  fullStackSteps,
  fullStackTemplate,
} from '@backstage-eks/scaffolder-test-utils';
import {
  clusterVersions,
  LIFECYCLE_VERSIONS,
  versionUpdates,
} from './__testUtils__/actions';
import {
  inventoryUnlikeTheReference,
  killAndResumeAtEachCheckpoint,
  KillAndResumeRuns,
  notKilledAtTheirCheckpoint,
  notResumedAsTheReference,
  repeatedCreates,
} from './__testUtils__/resumeHarness';

jest.setTimeout(600_000);

const clusterName = 'upgraded';
const { created, upgraded } = LIFECYCLE_VERSIONS;
const [createStep, addonsStep, karpenterStep] = fullStackSteps;

/**
 * A cluster with a node group, 6 add-ons and Karpenter, upgraded one minor
 * version and then rolled back, as a template chains the actions.
 */
const template = fullStackTemplate(
  'eks-upgrade-and-rollback',
  [
    {
      ...createStep,
      input: { ...createStep.input, kubernetesVersion: created },
    },
    {
      ...addonsStep,
      input: {
        ...addonsStep.input,
        addons: [
          ...(addonsStep.input.addons as object[]),
          { name: 'metrics-server' },
          { name: 'snapshot-controller' },
        ],
      },
    },
    karpenterStep,
    {
      id: 'upgrade',
      name: 'Upgrade the cluster',
      action: 'aws:eks:cluster:upgrade',
      input: {
        clusterName: '${{ parameters.clusterName }}',
        targetVersion: upgraded,
      },
    },
    {
      id: 'rollback',
      name: 'Roll the upgrade back',
      action: 'aws:eks:cluster:rollback',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ],
  { EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' } },
);

/** The template step a scaffolder checkpoint key belongs to. */
const stepOf = (key: string) => key.split('.')[3];
const VERSION_STEPS = ['upgrade', 'rollback'];

/*
 * The full stack, its upgrade and the rollback run once to the end (the
 * reference); then, for each checkpoint of the upgrade and the rollback (the
 * steps before them are resumed at each of theirs in resume.test.ts), a
 * world of its own runs the template in a first backend killed with SIGKILL
 * right after that checkpoint is stored, and a second backend process
 * recovers the task and runs it to the end.
 */
describe('a cluster upgrade and rollback killed at each checkpoint and resumed', () => {
  let runs: KillAndResumeRuns;

  beforeAll(async () => {
    runs = await killAndResumeAtEachCheckpoint({
      template,
      values: { clusterName },
      killAt: key => VERSION_STEPS.includes(stepOf(key)),
    });
  });

  afterAll(async () => {
    await runs?.stop();
  });

  it('the reference run upgrades the cluster, then rolls it back, storing checkpoints in both', () => {
    const steps = runs.checkpoints.map(stepOf);
    expect([...new Set(steps)]).toEqual([
      'create',
      'addons',
      'karpenter',
      ...VERSION_STEPS,
    ]);
    expect(steps.filter(s => s === 'upgrade').length).toBeGreaterThan(3);
    expect(steps.filter(s => s === 'rollback').length).toBeGreaterThan(1);
    expect(runs.worlds).toHaveLength(
      steps.filter(s => VERSION_STEPS.includes(s)).length,
    );
    const updates = versionUpdates(runs.reference.sandbox.writes);
    expect(updates.filter(u => !u.startsWith('eks:UpdateAddon'))).toEqual([
      `eks:UpdateClusterVersion ${clusterName} ${upgraded}`,
      `eks:UpdateNodegroupVersion ${clusterName} system ${upgraded}`,
      `eks:UpdateNodegroupVersion ${clusterName} system ${created}`,
      `eks:UpdateClusterVersion ${clusterName} ${created}`,
    ]);
    expect(clusterVersions(runs.reference.sandbox, clusterName)).toMatchObject({
      cluster: created,
      nodegroups: { system: created },
    });
  });

  it('each first backend was killed right after its checkpoint was stored', () => {
    expect(runs.killSignal).toBe('SIGKILL');
    expect(notKilledAtTheirCheckpoint(runs.worlds)).toEqual([]);
  });

  it('each resumed task completes, keeping what was stored before the kill', () => {
    expect(notResumedAsTheReference(runs.checkpoints, runs.worlds)).toEqual([]);
  });

  it('each resumed world ends with the versions of the reference: the control plane, node group and add-ons back where the rollback left them', () => {
    const expected = clusterVersions(runs.reference.sandbox, clusterName);
    expect(Object.keys(expected.addons)).toHaveLength(6);
    const wrong = runs.worlds.flatMap(w => {
      const actual = clusterVersions(w.sandbox, clusterName);
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [`${w.killedAfter}: ${JSON.stringify(actual)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('each resumed world holds every resource exactly once, as the reference', () => {
    expect(inventoryUnlikeTheReference(runs.reference, runs.worlds)).toEqual(
      [],
    );
  });

  it('no resumed world updated a version twice or created anything twice', () => {
    const expected = versionUpdates(runs.reference.sandbox.writes).sort();
    const wrong = runs.worlds.flatMap(w => {
      const actual = versionUpdates(w.sandbox.writes).sort();
      return [
        ...(JSON.stringify(actual) === JSON.stringify(expected)
          ? []
          : [`${w.killedAfter}: version updates ${actual.join(', ')}`]),
        ...repeatedCreates(w.sandbox.writes).map(r => `${w.killedAfter}: ${r}`),
      ];
    });
    expect(wrong).toEqual([]);
  });
});
