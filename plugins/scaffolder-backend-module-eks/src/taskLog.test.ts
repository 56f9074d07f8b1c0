import {
  parseTaskStepLine,
  TaskStepLine,
} from '@backstage-eks/plugin-eks-common';
import { startSandbox, Sandbox } from '@backstage-eks/sandbox';
import {
  fullStackTemplate,
  createBareCluster,
} from '@backstage-eks/scaffolder-test-utils';
import {
  runScaffolderTask,
  ScaffolderServer,
  startScaffolderBackend,
  taskFailure,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(180_000);

const templates = [
  fullStackTemplate('create-then-delete', [
    {
      id: 'create',
      name: 'Create the cluster',
      action: 'aws:eks:cluster:create',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
    {
      id: 'delete',
      name: 'Delete the cluster',
      action: 'aws:eks:cluster:delete',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ]),
  fullStackTemplate('karpenter', [
    {
      id: 'karpenter',
      name: 'Set up Karpenter',
      action: 'aws:eks:karpenter:install',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ]),
];

/**
 * What the task page reads from a real scaffolder task's log: the named
 * steps of the EKS actions (eks-common's step lines, as the scaffolder's
 * step logger stores them) and the failing step's error.
 */
describe('the task log of EKS actions in a real scaffolder', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.0005 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  function startBackend(provisioning: Record<string, unknown> = {}) {
    return startScaffolderBackend({ sandbox, templates, provisioning });
  }

  /** Runs a template until it ends: its status, error and log per step. */
  async function runTask(
    server: ScaffolderServer,
    template: string,
    clusterName: string,
  ) {
    const { status, events } = await runScaffolderTask(server, {
      template,
      values: { clusterName },
    });
    const logOf = (stepId: string) =>
      events
        .filter(e => e.type === 'log' && e.body?.stepId === stepId)
        .map(e => String(e.body.message));
    return { status, logOf, failure: taskFailure(events) };
  }

  /** The step lines of a log, in order. */
  function stepLines(log: string[]): TaskStepLine[] {
    return log.flatMap(line => {
      const parsed = parseTaskStepLine(line);
      return parsed ? [parsed] : [];
    });
  }

  /** Every step started, then ended done, numbered 1..n of n. */
  function expectAllDone(lines: TaskStepLine[]) {
    const total = lines[0]?.total;
    expect(total).toBeGreaterThan(1);
    expect(lines).toHaveLength(2 * total!);
    lines.forEach((line, i) => {
      expect(line).toMatchObject({
        index: Math.floor(i / 2) + 1,
        total,
        phase: i % 2 === 0 ? 'started' : 'done',
      });
      if (line.phase === 'done') {
        expect(line.elapsedMs).toBeGreaterThanOrEqual(0);
        expect(line.title).toBe(lines[i - 1].title);
      }
    });
  }

  it("logs each named step of cluster create and delete as it starts and ends, in the step's own log", async () => {
    const server = await startBackend();
    const task = await runTask(server, 'create-then-delete', 'steps');
    expect(task.status).toBe('completed');

    const create = stepLines(task.logOf('create'));
    expectAllDone(create);
    expect(create.filter(l => l.phase === 'started').map(l => l.title)).toEqual(
      [
        'preflight: region, Kubernetes version, principals, subnets, roles and instance types',
        'IAM role of the cluster',
        'EKS cluster steps, until ACTIVE',
      ],
    );

    const remove = stepLines(task.logOf('delete'));
    expectAllDone(remove);
    expect(remove.filter(l => l.phase === 'started').map(l => l.title)).toEqual(
      [
        'LoadBalancer Services, Ingresses and Gateways',
        'Karpenter NodePools and nodes',
        'EKS Capabilities, add-ons, node groups, Fargate profiles, Pod Identity associations',
        'the cluster',
        'the IAM roles and launch templates made with the cluster',
        "what the cluster's controllers left: Karpenter's instances and launch templates, load balancers and target groups, network interfaces and security groups",
        'what is still tagged for the cluster',
      ],
    );
  });

  it('ends a failed step with its time, then shows the InputError as message only, also in the completion', async () => {
    const server = await startBackend();
    const task = await runTask(server, 'karpenter', 'nowhere');
    expect(task.status).toBe('failed');
    const log = task.logOf('karpenter');
    expect(stepLines(log)).toEqual([
      expect.objectContaining({ index: 1, total: 11, phase: 'started' }),
      expect.objectContaining({ index: 1, total: 11, phase: 'failed' }),
    ]);
    const message = `clusterName: no EKS cluster "nowhere" in account ${sandbox.accountId}, region eu-west-1`;
    expect(log[log.length - 1]).toBe(`InputError: ${message}`);
    expect(task.failure).toEqual({ name: 'InputError', message });
    expect(log.join('\n')).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  });

  it('shows a backend without helm as what to install, without a stack trace', async () => {
    await createBareCluster(sandbox, 'nohelm');
    const server = await startBackend({ helmPath: '/nonexistent/bin/helm' });
    const task = await runTask(server, 'karpenter', 'nohelm');
    expect(task.status).toBe('failed');
    const log = task.logOf('karpenter');
    expect(log[log.length - 1]).toMatch(
      /^HelmNotFoundError: The "\/nonexistent\/bin\/helm" executable was not found .* install Helm 3\.8\+ .* or set eks\.provisioning\.helmPath/,
    );
    expect(log.join('\n')).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  });
});
