import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate, TemplateEntity } from './__testUtils__/templates';
import { planFieldTemplate } from './__testUtils__/planField';

const template = loadTemplate('upgrade-eks-cluster');

/** The form's values: the sandbox's demo cluster (1.33) to the next version. */
const values = {
  clusterName: 'demo',
  region: 'eu-west-1',
  targetVersion: '1.34',
  addonVersion: 'default',
  upgradeNodegroups: true,
  waitForKarpenterDrift: true,
  force: false,
};

type Field = Record<string, any>;
const properties = (t: TemplateEntity): Record<string, Field> =>
  (t.spec as { parameters: { properties: Record<string, Field> }[] })
    .parameters[0].properties;
const stepInput = (t: TemplateEntity): Record<string, string> =>
  (t.spec as { steps: { input: Record<string, string> }[] }).steps[0].input;

function region(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'].regions[
    'eu-west-1'
  ];
}

describe('template upgrade-eks-cluster', () => {
  let backend: TemplateBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend([template]);
  });
  afterAll(async () => {
    await backend.stop();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    backend.sandbox.clearWrites();
  });

  it("offers the picked cluster's upgrade target and plans with exactly the step's input", () => {
    const fields = properties(template);
    expect(fields.clusterName['ui:field']).toBe('EksClusterPicker');
    expect(fields.targetVersion).toMatchObject({
      title: 'Target version',
      'ui:field': 'EksKubernetesVersionPicker',
      'ui:options': { upgradeClusterField: 'clusterName' },
    });
    expect(fields.addonVersion.enum).toEqual(['default', 'latest']);
    expect(fields.force.default).toBe(false);
    expect(fields.force['ui:help']).toMatch(/^Warning: /);
    // the plan is the dry run of what the step will run: the same inputs,
    // read from the same fields
    const plan = fields.plan['ui:options'];
    expect(plan.action).toBe('aws:eks:cluster:upgrade');
    const fromStep = Object.fromEntries(
      Object.entries(stepInput(template)).map(([name, value]) => [
        name,
        value.match(/^\$\{\{ parameters\.(\w+) \}\}$/)?.[1],
      ]),
    );
    expect(plan.input).toEqual(fromStep);
  });

  it("the plan field's dry run shows the plan before the run, changing nothing", async () => {
    const plan = planFieldTemplate(properties(template).plan, values);
    const result = await backend.dryRun(plan, {});

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.output.plan).toEqual(
      expect.arrayContaining([
        'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
        'Control plane: UpdateClusterVersion 1.33 -> 1.34, waited for until it succeeds.',
        expect.stringMatching(/^Node group system: 1\.33 -> 1\.34 /),
      ]),
    );
    expect(region(backend).eks.clusters.demo.version).toBe('1.33');
  });

  it('plans the whole template in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual(['upgrade']);
    expect(result.log.join('\n')).toMatch(
      /^\[upgrade\] .*Plan: Upgrade cluster demo from Kubernetes 1\.33 to 1\.34\.$/m,
    );
  });

  it('upgrades the cluster, its add-ons and node group, and reports what changed, how long each step took and what lags', async () => {
    const result = await backend.run(template, values);

    expectCompleted(result);
    const demo = region(backend).eks.clusters.demo;
    expect(demo.version).toBe('1.34');
    expect(
      backend.sandbox.writes.filter(
        w => w.operation === 'UpdateClusterVersion',
      ),
    ).toHaveLength(1);
    const [report] = result.output.text as { title: string; content: string }[];
    expect(report.title).toBe('Upgrade report');
    expect(report.content).toMatch(
      /^Cluster \*\*demo\*\*: Kubernetes 1\.33 to \*\*1\.34\*\* \(control plane update `[^`]+`\)\./,
    );
    expect(report.content).toMatch(
      /\*\*Managed node groups\*\*\s+- system: 1\.33 to 1\.34\n/,
    );
    expect(report.content).toMatch(/\*\*Add-ons\*\*\s+- \S+: \S+ to \S+\n/);
    expect(report.content).toMatch(/\*\*Steps\*\*\s+(- .+: \d+(\.\d)? s\s+)+/);
    expect(report.content).not.toContain('${{');
    // the task page names no failure (the portal's test looks for "Error")
    expect(report.content).not.toMatch(/error/i);
    const links = result.output.links as {
      title: string;
      url?: string;
      entityRef?: string;
    }[];
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Open the cluster in the catalog',
          entityRef: 'resource:default/demo',
        }),
        expect.objectContaining({
          title: 'This task and its log',
          url: expect.stringMatching(/^\/create\/tasks\/[0-9a-f-]{36}$/),
        }),
      ]),
    );
  });

  it('fails before any change for a target that skips a version, saying why', async () => {
    const result = await backend.run(template, {
      ...values,
      targetVersion: '1.35',
    });

    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /targetVersion must be the next minor version after the cluster's 1\.33 \(1\.34\), not 1\.35/,
    );
    expect(backend.sandbox.writes).toEqual([]);
  });

  it('stops on a blocking preflight finding before any change, naming it, in the plan field and in the run', async () => {
    // a PodDisruptionBudget that allows no disruption of a workload on the
    // node group: its nodes could not be drained
    const kube = backend.sandbox.state
      .region(backend.sandbox.accountId, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    const pod = kube
      .list('v1', 'Pod')
      .find(p => p.metadata?.labels?.app && (p as any).spec?.nodeName);
    expect(pod).toBeDefined();
    const app = pod!.metadata!.labels!.app;
    const namespace = pod!.metadata!.namespace!;
    kube.apply({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: `${app}-strict`, namespace },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app } } },
    } as any);
    backend.sandbox.clearWrites();

    // the plan field shows it before the run
    await expect(
      backend.dryRun(planFieldTemplate(properties(template).plan, values), {}),
    ).rejects.toThrow(
      new RegExp(
        `PodDisruptionBudget ${namespace}/${app}-strict blocks draining`,
      ),
    );
    const blocked = await backend.run(template, values);
    expect(blocked.status).toBe('failed');
    expect(blocked.log.join('\n')).toMatch(
      new RegExp(
        `the upgrade of cluster demo to Kubernetes 1\\.34 is blocked; nothing was changed:\\n- PodDisruptionBudget ${namespace}/${app}-strict blocks draining \\(ERROR\\)`,
      ),
    );
    expect(
      backend.sandbox.writes.filter(
        w => w.operation !== 'StartInsightsRefresh',
      ),
    ).toEqual([]);
    expect(region(backend).eks.clusters.demo.version).toBe('1.33');
  });
});
