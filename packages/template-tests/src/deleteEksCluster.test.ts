import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('delete-eks-cluster');

const values = {
  cluster: 'demo',
  region: 'eu-west-1',
  confirmation: 'demo',
  deleteKarpenterResources: true,
  deleteCreatedResources: true,
};

function region(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'].regions[
    'eu-west-1'
  ];
}

describe('template delete-eks-cluster', () => {
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

  it('checks the confirmation in the form and labels the last button as a deletion', () => {
    const spec = template.spec as {
      presentation?: { buttonLabels?: Record<string, string> };
      parameters: { properties: Record<string, Record<string, unknown>> }[];
    };
    const confirmation = spec.parameters[0].properties.confirmation;
    expect(confirmation['ui:field']).toBe('EksClusterNameConfirmation');
    expect(confirmation['ui:options']).toEqual({ clusterField: 'cluster' });
    expect(spec.presentation?.buttonLabels?.createButtonText).toBe(
      'Delete cluster',
    );
  });

  it('plans the deletion in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual(['delete-cluster']);
    expect(region(backend).eks.clusters.demo.status).toBe('ACTIVE');
  });

  it('deletes the load balancers first, then Karpenter, then the cluster', async () => {
    expect(
      Object.keys(region(backend).elbv2.loadBalancers).length,
    ).toBeGreaterThan(0);

    const result = await backend.run(template, values);

    expectCompleted(result);
    const state = region(backend);
    expect(state.eks.clusters.demo).toBeUndefined();
    expect(
      Object.values(state.elbv2.loadBalancers).filter(
        lb => lb.state !== 'deleted',
      ),
    ).toEqual([]);
    expect(state.sqs.queues['Karpenter-demo']).toBeUndefined();
    const operations = backend.sandbox.writes.map(w => w.operation);
    expect(operations.indexOf('DeleteCluster')).toBeGreaterThan(
      operations.lastIndexOf('DeleteAddon'),
    );
    // the final report: in the task's output and at the end of its log
    const [reportText] = result.output.text as {
      title: string;
      content: string;
    }[];
    expect(reportText.title).toBe('What was deleted and what is left');
    expect(reportText.content).toMatch(
      /^Report for cluster demo:\n\nDeleted \d+:\n- [\s\S]*- EKS cluster demo\n[\s\S]*Kept on purpose \d+:[\s\S]*Left behind \d+/,
    );
    expect(result.log).toContainEqual(
      expect.stringMatching(/^\[delete-cluster\] .*Report for cluster demo:/),
    );
  });

  it('fails and deletes nothing when the confirmation is not the cluster name', async () => {
    const result = await backend.run(template, {
      ...values,
      confirmation: 'dmeo',
    });

    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      'confirmClusterName must equal clusterName: "dmeo" is not "demo", so nothing was deleted',
    );
    expect(backend.sandbox.writes).toEqual([]);
    expect(region(backend).eks.clusters.demo.status).toBe('ACTIVE');
  });
});
