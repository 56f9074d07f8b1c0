import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
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

  it('chains to a target role in another account with session tags off and a session policy, showing the external id', async () => {
    await new IAMClient({
      region: 'eu-west-1',
      endpoint: backend.sandbox.url,
      credentials: { accessKeyId: '222233334444', secretAccessKey: 'sandbox' },
    }).send(
      new CreateRoleCommand({
        RoleName: 'orders-data',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [],
        }),
      }),
    );
    const result = await backend.run(template, {
      ...values,
      targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
      writeTargetTrust: true,
      disableSessionTags: true,
      sessionPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    });

    expectCompleted(result);
    const text = JSON.stringify(result.output.text);
    expect(text).toContain(
      'must require the external id `eu-west-1/000000000000/demo/orders/orders-api` (sts:ExternalId), which this run wrote.',
    );
    const create = backend.sandbox.writes.find(
      w => w.operation === 'CreatePodIdentityAssociation',
    )!;
    expect(create.params).toMatchObject({
      targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
      disableSessionTags: true,
      policy: expect.stringContaining('s3:GetObject'),
    });
  });

  it('stops before any write when a session policy comes without disabled session tags', async () => {
    const result = await backend.run(template, {
      ...values,
      sessionPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    });

    expect(result.status).toBe('failed');
    expect(JSON.stringify(result)).toContain(
      'sessionPolicy requires disableSessionTags: true',
    );
    expect(backend.sandbox.writes).toEqual([]);
  });
});
