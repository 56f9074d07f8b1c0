import {
  FakeHelm,
  installFakeHelm,
  SandboxHarness,
  startHarness,
  writesOf,
} from '@backstage-eks/scaffolder-test-utils';
import {
  clusterVersions,
  LIFECYCLE_CLUSTER,
  LIFECYCLE_STEPS,
  LIFECYCLE_VERSIONS,
  prepareLifecycle,
  ROLLBACK_STEP,
  runStep,
  StepResult,
  UPGRADE_STEP,
} from './__testUtils__/actions';

jest.setTimeout(180_000);

/**
 * The outputs that describe the resources, without those that by definition
 * describe what this particular run did: the plan of changes, whether the
 * cluster or role was created (rather than adopted) and each add-on's action.
 */
function resourceOutputs(result: StepResult): Record<string, unknown> {
  const {
    plan: _plan,
    drift: _drift,
    created: _created,
    roleCreated: _roleCreated,
    agentInstalled: _agentInstalled,
    clusterDeleted: _clusterDeleted,
    ...rest
  } = result.outputs;
  if (Array.isArray(rest.addons)) {
    rest.addons = rest.addons.map(({ action: _action, ...addon }) => addon);
  }
  return rest;
}

/** What a run says about creating versus adopting. */
function adoption(result: StepResult) {
  const addons = result.outputs.addons as { action: string }[] | undefined;
  return {
    created: result.outputs.created,
    roleCreated: result.outputs.roleCreated,
    addonActions: addons?.map(a => a.action),
  };
}

/** What a second run must say: everything the first made is adopted. */
function adoptionOf(first: StepResult) {
  const made = adoption(first);
  return {
    created: made.created === undefined ? undefined : false,
    roleCreated: made.roleCreated === undefined ? undefined : false,
    addonActions: made.addonActions?.map(() => 'unchanged'),
  };
}

/**
 * Re-run every action with the same input: zero new writes. The steps run
 * in template order on one cluster (each needs what the previous made);
 * each runs twice, the second time as a new task (no checkpoints), and the
 * second run must write nothing to AWS or Kubernetes and report the same
 * resources.
 */
describe('every action, run again with the same input', () => {
  let harness: SandboxHarness;
  let helm: FakeHelm;
  const deleteStep = LIFECYCLE_STEPS.at(-1)!;
  // the steps that make resources; upgrade and rollback change versions and
  // report what they changed, and have tests of their own below
  const makingSteps = LIFECYCLE_STEPS.slice(0, -1).filter(
    step => step !== UPGRADE_STEP && step !== ROLLBACK_STEP,
  );

  beforeAll(async () => {
    helm = installFakeHelm();
    harness = await startHarness();
    await prepareLifecycle(harness);
  });
  afterAll(async () => {
    helm.restore();
    await harness.stop();
  });

  it.each(makingSteps.map(step => [step.name, step]))(
    '%s: writes nothing the second time',
    async (_name, step) => {
      harness.sandbox.clearWrites();
      const first = await runStep(harness, step);
      expect(writesOf(harness.sandbox).length).toBeGreaterThan(0);
      expect(first.outputs.plan).not.toEqual([]);

      harness.sandbox.clearWrites();
      const second = await runStep(harness, step);
      expect(writesOf(harness.sandbox)).toEqual([]);
      expect(second.outputs.plan).toEqual([]);
      expect(second.outputs.drift).toEqual([]);
      expect(resourceOutputs(second)).toEqual(resourceOutputs(first));
      expect(adoption(second)).toEqual(adoptionOf(first));
    },
  );

  it('helm was not run again for an unchanged Karpenter release', () => {
    // once each: the chart, then its CRDs (karpenter-crd), on the first run
    const upgrades = helm
      .invocations()
      .filter(args => args[0] === 'upgrade' || args[0] === 'install')
      .map(args => args.find(a => /^karpenter(-crd)?$/.test(a)));
    expect(upgrades).toEqual(['karpenter', 'karpenter-crd']);
  });

  /** Writes of the sandbox since the last clearWrites(), as `service:operation`. */
  const writes = () => writesOf(harness.sandbox);

  it(`${UPGRADE_STEP.name}: writes nothing the second time`, async () => {
    const { created, upgraded } = LIFECYCLE_VERSIONS;
    const before = clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER);
    expect(before.cluster).toBe(created);
    expect(Object.keys(before.addons)).toHaveLength(6);
    expect(before.nodegroups).toEqual({ system: created });

    harness.sandbox.clearWrites();
    const first = await runStep(harness, UPGRADE_STEP);
    expect(writes()).toEqual(
      expect.arrayContaining([
        'eks:StartInsightsRefresh',
        'eks:UpdateClusterVersion',
        'eks:UpdateAddon',
        'eks:UpdateNodegroupVersion',
      ]),
    );
    expect(first.outputs).toMatchObject({
      fromVersion: created,
      toVersion: upgraded,
      alreadyAtTarget: false,
      nodegroups: [{ name: 'system', from: created, to: upgraded }],
      lagging: [],
    });
    expect(first.outputs.updateId).toEqual(expect.any(String));
    expect(first.outputs.plan).not.toEqual([]);
    const after = clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER);
    expect(after.cluster).toBe(upgraded);
    expect(after.nodegroups).toEqual({ system: upgraded });

    harness.sandbox.clearWrites();
    const second = await runStep(harness, UPGRADE_STEP);
    expect(writes()).toEqual([]);
    expect(second.outputs).toMatchObject({
      fromVersion: upgraded,
      toVersion: upgraded,
      alreadyAtTarget: true,
      addons: [],
      nodegroups: [],
      lagging: first.outputs.lagging,
      plan: [],
      drift: [],
    });
    expect(second.outputs.updateId).toBeUndefined();
    expect(clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER)).toEqual(after);
  });

  it(`${ROLLBACK_STEP.name}: writes nothing the second time`, async () => {
    const { created, upgraded } = LIFECYCLE_VERSIONS;
    harness.sandbox.clearWrites();
    const first = await runStep(harness, ROLLBACK_STEP);
    expect(writes()).toEqual(
      expect.arrayContaining([
        'eks:UpdateNodegroupVersion',
        'eks:UpdateClusterVersion',
      ]),
    );
    // the node groups go back before the control plane
    expect(writes().indexOf('eks:UpdateNodegroupVersion')).toBeLessThan(
      writes().indexOf('eks:UpdateClusterVersion'),
    );
    expect(first.outputs).toMatchObject({
      fromVersion: upgraded,
      toVersion: created,
      nodegroups: [{ name: 'system', from: upgraded, to: created }],
      lagging: [],
    });
    expect(first.outputs.updateId).toEqual(expect.any(String));
    expect(first.outputs.plan).not.toEqual([]);
    const after = clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER);
    expect(after.cluster).toBe(created);
    expect(after.nodegroups).toEqual({ system: created });

    harness.sandbox.clearWrites();
    const second = await runStep(harness, ROLLBACK_STEP);
    expect(writes()).toEqual([]);
    expect(second.outputs).toMatchObject({
      fromVersion: created,
      toVersion: created,
      addons: [],
      nodegroups: [],
      plan: [],
      drift: [],
    });
    expect(second.outputs.updateId).toBeUndefined();
    expect(clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER)).toEqual(after);
  });

  it('cluster:delete: a second delete of the gone cluster completes, reports it already deleted and writes nothing', async () => {
    harness.sandbox.clearWrites();
    const first = await runStep(harness, deleteStep);
    expect(first.outputs.clusterDeleted).toBe(true);
    expect(first.outputs.leftovers).toEqual([]);
    expect(
      harness.sandbox.snapshot().accounts[harness.sandbox.accountId].regions[
        harness.sandbox.region
      ].eks.clusters[LIFECYCLE_CLUSTER],
    ).toBeUndefined();

    harness.sandbox.clearWrites();
    const second = await runStep(harness, deleteStep);
    expect(writesOf(harness.sandbox)).toEqual([]);
    expect(second.outputs.clusterDeleted).toBe(false);
    expect(second.outputs.plan).toEqual([]);
    expect(second.outputs.leftovers).toEqual([]);
    expect(second.logLines.join('\n')).toContain(
      `Cluster ${LIFECYCLE_CLUSTER} does not exist: nothing to delete`,
    );
  });
});
