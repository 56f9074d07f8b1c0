import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('pod-identity');

const values = {
  cluster: 'demo',
  region: 'eu-west-1',
  namespace: 'orders',
  serviceAccount: 'orders-api',
  installAgent: true,
  managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
};

function account(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'];
}

describe('template eks-pod-identity', () => {
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

  it('plans the association in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual(['create-pod-identity']);
    expect(account(backend).iam.roles).not.toContain('demo-orders-orders-api');
  });

  it('creates the role and the association', async () => {
    const result = await backend.run(template, values);

    expectCompleted(result);
    const state = account(backend);
    expect(state.iam.roles).toContain('demo-orders-orders-api');
    const cluster = state.regions['eu-west-1'].eks.clusters.demo;
    expect(cluster.podIdentityAssociations).toContainEqual({
      namespace: 'orders',
      serviceAccount: 'orders-api',
      roleArn: 'arn:aws:iam::000000000000:role/demo-orders-orders-api',
    });
    expect(JSON.stringify(result.output.text)).toContain(
      'arn:aws:iam::000000000000:role/demo-orders-orders-api',
    );
  });

  it('uses an existing role instead of creating one', async () => {
    const roleArn = 'arn:aws:iam::000000000000:role/KarpenterController-demo';
    const result = await backend.run(template, {
      ...values,
      roleArn,
      managedPolicyArns: [],
    });

    expectCompleted(result);
    const state = account(backend);
    expect(state.iam.roles).not.toContain('demo-orders-orders-api');
    expect(
      state.regions['eu-west-1'].eks.clusters.demo.podIdentityAssociations,
    ).toContainEqual({
      namespace: 'orders',
      serviceAccount: 'orders-api',
      roleArn,
    });
  });
});
