import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import { startSandbox, Sandbox } from '@backstage-eks/sandbox';
import { fullStackTemplate } from '@backstage-eks/scaffolder-test-utils';
import {
  runScaffolderTask,
  ScaffolderServer,
  startScaffolderBackend,
  taskFailure,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** One template per action, each with the smallest input it accepts. */
const templates = {
  create: fullStackTemplate('create', [
    {
      id: 'create',
      name: 'Create',
      action: 'aws:eks:cluster:create',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ]),
  addons: fullStackTemplate('addons', [
    {
      id: 'addons',
      name: 'Add-ons',
      action: 'aws:eks:addon:install',
      input: {
        clusterName: '${{ parameters.clusterName }}',
        addons: [{ name: 'kube-proxy' }],
      },
    },
  ]),
  karpenter: fullStackTemplate('karpenter', [
    {
      id: 'karpenter',
      name: 'Karpenter',
      action: 'aws:eks:karpenter:install',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ]),
  podIdentity: fullStackTemplate('pod-identity', [
    {
      id: 'pod-identity',
      name: 'Pod Identity',
      action: 'aws:eks:pod-identity:create',
      input: {
        clusterName: '${{ parameters.clusterName }}',
        namespace: 'orders',
        serviceAccount: 'orders-api',
        managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      },
    },
  ]),
  capability: fullStackTemplate('capability', [
    {
      id: 'capability',
      name: 'Capability',
      action: 'aws:eks:capability:create',
      input: { clusterName: '${{ parameters.clusterName }}', type: 'KRO' },
    },
  ]),
  delete: fullStackTemplate('delete', [
    {
      id: 'delete',
      name: 'Delete',
      action: 'aws:eks:cluster:delete',
      input: { clusterName: '${{ parameters.clusterName }}' },
    },
  ]),
};

/**
 * The decisions of a policy that lets `creators` create and change clusters
 * and lets only a cluster entity's owner delete it (what the catalog's
 * isEntityOwner condition decides; packages/backend's example policy runs
 * it through the real permission framework). Everything else is allowed.
 */
function permissionsOf(opts: {
  creators: string[];
  owners: Record<string, string>;
}) {
  const checked: Array<{ user: string; permission: string; on?: string }> = [];
  const userOf = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef?: string }).userEntityRef ?? '';
  return {
    checked,
    service: mockServices.permissions.mock({
      authorize: async (
        requests: AuthorizePermissionRequest[],
        options?: { credentials: BackstageCredentials },
      ) =>
        requests.map(r => {
          const user = userOf(options!.credentials);
          const name = r.permission.name;
          checked.push({ user, permission: name, on: r.resourceRef });
          let allowed = true;
          if (name === 'eks.cluster.create') {
            allowed = opts.creators.includes(user);
          } else if (name === 'eks.cluster.delete') {
            allowed = !!r.resourceRef && opts.owners[r.resourceRef] === user;
          }
          return {
            result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          };
        }) as any,
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    }),
  };
}

/** An auditor that keeps every event and its outcome. */
function capturingAuditor() {
  const events: Array<
    AuditorServiceCreateEventOptions & { outcome?: string; error?: string }
  > = [];
  return {
    events,
    eksWrites: () => events.filter(e => e.eventId === 'eks-write'),
    service: mockServices.auditor.mock({
      createEvent: async options => {
        const event: (typeof events)[number] = { ...options };
        events.push(event);
        return {
          success: async () => {
            event.outcome = 'succeeded';
          },
          fail: async ({ error }) => {
            event.outcome = 'failed';
            event.error = error.message;
          },
        };
      },
    }),
  };
}

describe('EKS actions in a real scaffolder: permissions, audit, task log', () => {
  let sandbox: Sandbox;
  const requests: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      latencyFactor: 0.0005,
      log: line => requests.push(line),
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  function startBackend(
    permissions: ReturnType<typeof permissionsOf>,
    auditor: ReturnType<typeof capturingAuditor>,
  ) {
    return startScaffolderBackend({
      sandbox,
      templates: Object.values(templates),
      features: [permissions.service.factory, auditor.service.factory],
    });
  }
  /** Runs a template as `user` until it ends; its status, error and log. */
  async function runTask(
    server: ScaffolderServer,
    user: string,
    template: string,
    clusterName: string,
  ) {
    const { status, events } = await runScaffolderTask(server, {
      template,
      values: { clusterName },
      auth: mockCredentials.user.header(user),
    });
    const log = events
      .filter(e => e.type === 'log')
      .map(e => String(e.body?.message ?? ''));
    return { status, log, failure: taskFailure(events) };
  }

  it('refuses every action to a user without the permission, naming it, before any AWS call', async () => {
    const permissions = permissionsOf({ creators: [ALICE], owners: {} });
    const auditor = capturingAuditor();
    const server = await startBackend(permissions, auditor);
    for (const [template, actionId, permission] of [
      ['create', 'aws:eks:cluster:create', 'eks.cluster.create'],
      ['addons', 'aws:eks:addon:install', 'eks.cluster.create'],
      ['karpenter', 'aws:eks:karpenter:install', 'eks.cluster.create'],
      ['pod-identity', 'aws:eks:pod-identity:create', 'eks.cluster.create'],
      ['capability', 'aws:eks:capability:create', 'eks.cluster.create'],
      ['delete', 'aws:eks:cluster:delete', 'eks.cluster.delete'],
    ]) {
      requests.length = 0;
      sandbox.clearWrites();
      const task = await runTask(server, BOB, template, 'demo');
      expect({ template, status: task.status }).toEqual({
        template,
        status: 'failed',
      });
      expect(task.failure).toEqual({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          `${BOB} may not run ${actionId}: it needs the permission ${permission}`,
        ),
      });
      // the task log shows the message, not a stack trace
      const failedLine = task.log.find(l => l.startsWith('NotAllowedError'));
      expect(failedLine).toBeDefined();
      expect(failedLine).not.toMatch(/\n\s+at /);
      expect(requests).toEqual([]);
      expect(sandbox.writes).toEqual([]);
    }
    expect(auditor.eksWrites()).toEqual([]);
    const eksChecks = permissions.checked.filter(c =>
      c.permission.startsWith('eks.'),
    );
    expect(eksChecks.map(c => c.permission)).toEqual([
      'eks.cluster.create',
      'eks.cluster.create',
      'eks.cluster.create',
      'eks.cluster.create',
      'eks.cluster.create',
      'eks.cluster.delete',
    ]);
    expect(eksChecks.map(c => c.user)).toEqual(Array(6).fill(BOB));
    expect(eksChecks[5].on).toBe('resource:default/demo');
  });

  it('lets an allowed user create, audits every write with who, what and the outcome, and lets only the owner delete', async () => {
    const permissions = permissionsOf({
      creators: [ALICE, BOB],
      owners: { 'resource:default/audited': ALICE },
    });
    const auditor = capturingAuditor();
    const server = await startBackend(permissions, auditor);
    sandbox.clearWrites();
    requests.length = 0;

    const created = await runTask(server, ALICE, 'create', 'audited');
    expect(created.status).toBe('completed');
    // the request log sees the calls of an allowed task
    expect(requests.length).toBeGreaterThan(0);
    const createWrites = auditor.eksWrites();
    expect(createWrites.length).toBeGreaterThan(0);
    expect(sandbox.writes.length).toBeGreaterThanOrEqual(createWrites.length);
    for (const event of createWrites) {
      expect(event).toMatchObject({
        severityLevel: 'medium',
        outcome: 'succeeded',
        meta: {
          initiator: ALICE,
          actionId: 'aws:eks:cluster:create',
          accountId: sandbox.accountId,
          region: 'eu-west-1',
        },
      });
    }
    expect(createWrites.map(e => e.meta!.resource)).toContain(
      'EKS cluster audited',
    );

    // bob may create but does not own the cluster's entity: refused, no call
    requests.length = 0;
    sandbox.clearWrites();
    const refused = await runTask(server, BOB, 'delete', 'audited');
    expect(refused.status).toBe('failed');
    expect(refused.failure.message).toContain(
      'eks.cluster.delete on resource:default/audited',
    );
    expect(requests).toEqual([]);
    expect(sandbox.writes).toEqual([]);

    const deleted = await runTask(server, ALICE, 'delete', 'audited');
    expect(deleted.status).toBe('completed');
    const deleteWrites = auditor
      .eksWrites()
      .filter(e => e.meta!.actionId === 'aws:eks:cluster:delete');
    expect(deleteWrites.map(e => e.meta!.resource)).toContain(
      'EKS cluster audited',
    );
    for (const event of deleteWrites) {
      expect(event).toMatchObject({
        outcome: 'succeeded',
        meta: { initiator: ALICE },
      });
    }
    expect(
      deleteWrites.find(e => e.meta!.resource === 'EKS cluster audited'),
    ).toMatchObject({ severityLevel: 'high', meta: { change: 'delete' } });
    expect(
      sandbox.writes.some(
        w => w.service === 'eks' && w.operation === 'DeleteCluster',
      ),
    ).toBe(true);
  });

  it('shows an InputError in the task log as its message, without a stack trace', async () => {
    const permissions = permissionsOf({ creators: [ALICE], owners: {} });
    const server = await startBackend(permissions, capturingAuditor());
    sandbox.clearWrites();
    const task = await runTask(server, ALICE, 'create', 'demo cluster');
    expect(task.status).toBe('failed');
    expect(task.failure.name).toBe('InputError');
    const failedLine = task.log.find(l => l.startsWith('InputError'));
    expect(failedLine).toBe(`InputError: ${task.failure.message}`);
    expect(failedLine).toMatch(/clusterName/);
    expect(task.log.join('\n')).not.toMatch(/\n\s+at /);
    expect(sandbox.writes).toEqual([]);
  });
});
