import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { startSandbox, Sandbox } from '@backstage-eks/sandbox';
import {
  FakeHelm,
  installFakeHelm,
  fullStackSteps,
  fullStackTemplate,
} from '@backstage-eks/scaffolder-test-utils';
import { scaffolderModuleEks } from './module';

jest.setTimeout(180_000);

const template = fullStackTemplate(
  'eks-lifecycle',
  [
    ...fullStackSteps,
    {
      id: 'delete',
      name: 'Delete the cluster',
      action: 'aws:eks:cluster:delete',
      input: {
        clusterName: '${{ parameters.clusterName }}',
        deleteKarpenterResources: true,
      },
    },
  ],
  {
    output: {
      arn: '${{ steps.create.output.arn }}',
      entity: '${{ steps.create.output.entity }}',
      queue: '${{ steps.karpenter.output.queueName }}',
      roleArn: '${{ steps["pod-identity"].output.roleArn }}',
      leftovers: '${{ steps.delete.output.leftovers }}',
    },
  },
);

describe('scaffolder module eks (a real scaffolder task)', () => {
  let sandbox: Sandbox;
  let helm: FakeHelm;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.0005 });
    helm = installFakeHelm();
  });
  afterAll(async () => {
    helm.restore();
    await sandbox.stop();
  });

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleEks,
        catalogServiceMock.factory({ entities: [template as any] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            eks: {
              endpoint: sandbox.url,
              defaultRegion: 'eu-west-1',
              defaultAccountId: sandbox.accountId,
              sandbox: { enabled: true },
              provisioning: {
                minPollDelaySeconds: 0.02,
                maxPollDelaySeconds: 0.1,
              },
            },
          },
        }),
      ],
    });

    return server;
  }

  it('runs create -> add-ons -> Karpenter -> Pod Identity -> delete to completion', async () => {
    const server = await startBackend();

    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: 'template:default/eks-lifecycle',
        values: { clusterName: 'e2e' },
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id;

    let task: any;
    for (let i = 0; i < 600; i++) {
      task = (await request(server).get(`/api/scaffolder/v2/tasks/${taskId}`))
        .body;
      if (task.status === 'completed' || task.status === 'failed') break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    if (task.status !== 'completed') {
      const events = await request(server).get(
        `/api/scaffolder/v2/tasks/${taskId}/events`,
      );
      const messages = (events.body as any[])
        .map(e => e.body?.message)
        .filter(Boolean)
        .slice(-15);
      throw new Error(`task ${task.status}:\n${messages.join('\n')}`);
    }
    expect(task.status).toBe('completed');

    const operations = sandbox.writes.map(w => `${w.service}:${w.operation}`);
    const at = (op: string) => operations.indexOf(op);
    expect(at('eks:CreateCluster')).toBeGreaterThanOrEqual(0);
    expect(at('eks:CreateCluster')).toBeLessThan(at('eks:CreateAddon'));
    expect(at('sqs:CreateQueue')).toBeLessThan(at('eks:DeleteCluster'));
    expect(
      operations.filter(o => o === 'eks:CreatePodIdentityAssociation'),
    ).toHaveLength(2);
    expect(at('sqs:DeleteQueue')).toBeGreaterThan(at('eks:DeleteCluster'));
    expect(helm.invocations().some(a => a[0] === 'upgrade')).toBe(true);
  });

  it('runs the whole template as a dry run without a single write', async () => {
    const server = await startBackend();
    sandbox.clearWrites();
    const helmCalls = helm.invocations().length;
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: { clusterName: 'dry' },
        directoryContents: [],
      });
    expect(response.status).toBe(200);
    const messages = (response.body.log as any[]).map(l => l.body?.message);
    expect(messages.join('\n')).toMatch(
      /\[dry run\] would create EKS cluster dry/,
    );
    expect((response.body.steps as any[]).map(step => step.id)).toEqual([
      'create',
      'addons',
      'karpenter',
      'pod-identity',
      'delete',
    ]);
    expect(sandbox.writes).toEqual([]);
    expect(
      helm
        .invocations()
        .slice(helmCalls)
        .filter(a => a[0] === 'upgrade'),
    ).toEqual([]);
  });
});
