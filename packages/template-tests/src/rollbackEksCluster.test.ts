import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate, TemplateEntity } from './__testUtils__/templates';
import { planFieldTemplate } from './__testUtils__/planField';

const upgrade = loadTemplate('upgrade-eks-cluster');
const template = loadTemplate('rollback-eks-cluster');

const values = {
  clusterName: 'demo',
  region: 'eu-west-1',
  timeoutMinutes: 720,
  force: false,
};

type Field = Record<string, any>;
const properties = (t: TemplateEntity): Record<string, Field> =>
  (t.spec as { parameters: { properties: Record<string, Field> }[] })
    .parameters[0].properties;

function region(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'].regions[
    'eu-west-1'
  ];
}

describe('template rollback-eks-cluster', () => {
  let backend: TemplateBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend([upgrade, template]);
  });
  afterAll(async () => {
    await backend.stop();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    backend.sandbox.clearWrites();
  });

  /** The demo cluster (1.33) upgraded with "Upgrade EKS cluster". */
  async function upgradeDemo() {
    expectCompleted(
      await backend.run(upgrade, {
        clusterName: 'demo',
        region: 'eu-west-1',
        targetVersion: '1.34',
        addonVersion: 'default',
        upgradeNodegroups: true,
        waitForKarpenterDrift: true,
        force: false,
      }),
    );
    expect(region(backend).eks.clusters.demo.version).toBe('1.34');
    backend.sandbox.clearWrites();
  }

  it('bounds the timeout as EKS does and warns about force', () => {
    const fields = properties(template);
    expect(fields.timeoutMinutes).toMatchObject({
      type: 'integer',
      minimum: 120,
      maximum: 10080,
      default: 720,
    });
    expect(fields.force.default).toBe(false);
    expect(fields.force['ui:help']).toMatch(/^Warning: /);
    expect(fields.plan['ui:options']).toMatchObject({
      action: 'aws:eks:cluster:rollback',
      output: 'rollbackPlan',
    });
  });

  it("the plan field's dry run shows the plan and when the rollback window closes, changing nothing", async () => {
    await upgradeDemo();
    const result = await backend.dryRun(
      planFieldTemplate(properties(template).plan, values),
      {},
    );

    expect(backend.sandbox.writes).toEqual([]);
    const plan = (result.output.plan as string[]).join('\n');
    expect(plan).toMatch(/1\.34/);
    expect(plan).toMatch(/1\.33/);
    expect(plan).toMatch(
      /the rollback window closes at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/,
    );
    expect(region(backend).eks.clusters.demo.version).toBe('1.34');
  });

  it('rolls the upgrade back: node group first, then the control plane, and reports it', async () => {
    await upgradeDemo();
    const result = await backend.run(template, values);

    expectCompleted(result);
    expect(region(backend).eks.clusters.demo.version).toBe('1.33');
    const operations = backend.sandbox.writes.map(w => w.operation);
    expect(operations.indexOf('UpdateNodegroupVersion')).toBeGreaterThanOrEqual(
      0,
    );
    expect(operations.indexOf('UpdateNodegroupVersion')).toBeLessThan(
      operations.indexOf('UpdateClusterVersion'),
    );
    const update = backend.sandbox.writes.find(
      w => w.operation === 'UpdateClusterVersion',
    )!;
    expect(update.params).toMatchObject({
      version: '1.33',
      rollbackConfig: { timeoutMinutes: 720 },
    });
    const [report] = result.output.text as { title: string; content: string }[];
    expect(report.title).toBe('Rollback report');
    expect(report.content).toMatch(
      /^Cluster \*\*demo\*\*: Kubernetes 1\.34 back to \*\*1\.33\*\* \(control plane update `[^`]+`\)\./,
    );
    expect(report.content).toMatch(
      /\*\*Managed node groups\*\*\s+- system: 1\.34 to 1\.33\n/,
    );
    expect(report.content).not.toContain('${{');
    expect(report.content).not.toMatch(/error/i);
  });

  it('fails before any change for a cluster that was never upgraded, saying why', async () => {
    const result = await backend.run(template, values);

    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /cluster demo cannot be rolled back: EKS rolls back only a cluster upgraded in place to its current version \(1\.33\)/,
    );
    expect(
      backend.sandbox.writes.filter(
        w => w.operation !== 'StartInsightsRefresh',
      ),
    ).toEqual([]);
    expect(region(backend).eks.clusters.demo.version).toBe('1.33');
  });
});
