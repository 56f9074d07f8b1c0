import {
  FakeHelm,
  installFakeHelm,
  SandboxHarness,
  startHarness,
  writesOf,
} from '@backstage-eks/scaffolder-test-utils';
import {
  LIFECYCLE_CLUSTER,
  LIFECYCLE_STEPS,
  prepareLifecycle,
  runStep,
  StepResult,
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

  beforeAll(async () => {
    helm = installFakeHelm();
    harness = await startHarness();
    await prepareLifecycle(harness);
  });
  afterAll(async () => {
    helm.restore();
    await harness.stop();
  });

  it.each(LIFECYCLE_STEPS.slice(0, -1).map(step => [step.name, step]))(
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
