import request from 'supertest';
import { startSandbox, Sandbox } from '@backstage-eks/sandbox';
import {
  FakeHelm,
  installFakeHelm,
  fullStackSteps,
  fullStackTemplate,
} from '@backstage-eks/scaffolder-test-utils';
import {
  runScaffolderTask,
  startScaffolderBackend,
} from './__testUtils__/scaffolderBackend';

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

  function startBackend() {
    return startScaffolderBackend({ sandbox, templates: [template] });
  }

  it('runs create -> add-ons -> Karpenter -> Pod Identity -> delete to completion', async () => {
    const server = await startBackend();

    const { task, events } = await runScaffolderTask(server, {
      template: 'eks-lifecycle',
      values: { clusterName: 'e2e' },
      attempts: 600,
    });
    if (task.status !== 'completed') {
      const messages = events
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
