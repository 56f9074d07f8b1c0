import {
  coreServices,
  createServiceFactory,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderModuleEks from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import {
  eksClusterCreatePermission,
  eksClusterDeletePermission,
  eksClusterReadPermission,
  eksClusterUpgradePermission,
} from '@backstage-eks/plugin-eks-common';
import {
  EksPermissionPolicy,
  eksPermissionPolicyModule,
} from './eksPermissionPolicy';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const PLATFORM = 'group:default/platform-team';

/** What a sign-in resolver puts in the token: the user and their groups. */
const ownership: Record<string, string[]> = {
  [ALICE]: [ALICE, PLATFORM],
  [BOB]: [BOB],
};

function policyUser(ref: string) {
  return {
    identity: {
      type: 'user' as const,
      userEntityRef: ref,
      ownershipEntityRefs: ownership[ref],
    },
    token: 'token',
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: ownership[ref] },
  };
}

describe('EksPermissionPolicy', () => {
  const policy = new EksPermissionPolicy({ clusterCreators: [PLATFORM] });

  it('allows eks.cluster.create to members of the creators group only', async () => {
    const query = { permission: eksClusterCreatePermission };
    await expect(policy.handle(query, policyUser(ALICE))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle(query, policyUser(BOB))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle(query)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it("answers eks.cluster.delete with the catalog's isEntityOwner condition on the user's claims", async () => {
    await expect(
      policy.handle(
        { permission: eksClusterDeletePermission },
        policyUser(ALICE),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: [ALICE, PLATFORM] },
      },
    });
  });

  it("answers eks.cluster.upgrade (upgrade and rollback) as delete: the catalog's isEntityOwner condition", async () => {
    await expect(
      policy.handle(
        { permission: eksClusterUpgradePermission },
        policyUser(BOB),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: [BOB] },
      },
    });
  });

  it('leaves other permissions allowed', async () => {
    await expect(
      policy.handle({ permission: eksClusterReadPermission }, policyUser(BOB)),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});

/**
 * The test backend's httpAuth, except that a plugin's token on behalf of a
 * user keeps the plugin as the actor, as real Backstage tokens do (the mock
 * drops it, and the permission backend refuses conditional queries from
 * users who are not acting through a plugin).
 */
const onBehalfOfAwareHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const httpAuth = mockServices.httpAuth({ pluginId: plugin.getId() });
    const service: HttpAuthService = {
      issueUserCookie: (res, options) => httpAuth.issueUserCookie(res, options),
      credentials: (async (req: any, options: any) => {
        const credentials = await httpAuth.credentials(req, options);
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        const serviceToken = String(req.headers.authorization ?? '').match(
          /^Bearer\s+mock-service-token:(.+)$/,
        )?.[1];
        if (serviceToken && principal.type === 'user') {
          return mockCredentials.user(principal.userEntityRef, {
            actor: { subject: JSON.parse(serviceToken).sub },
          });
        }
        return credentials;
      }) as HttpAuthService['credentials'],
    };
    return service;
  },
});

/**
 * The policy in the permission framework for real: the permission backend
 * asks the policy, and resolves its conditional delete decision with the
 * catalog's apply-conditions endpoint against the entity in the catalog.
 */
describe('EksPermissionPolicy through the permission backend, the catalog and the scaffolder', () => {
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

  function template(
    name: string,
    action: string,
    input: Record<string, string> = {},
  ) {
    return {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name },
      spec: {
        owner: PLATFORM,
        type: 'service',
        parameters: [
          {
            type: 'object',
            required: ['clusterName'],
            properties: { clusterName: { type: 'string' } },
          },
        ],
        steps: [
          {
            id: 'step',
            name: action,
            action,
            input: { clusterName: '${{ parameters.clusterName }}', ...input },
          },
        ],
      },
    };
  }

  function catalogFile(): string {
    const entities = [
      template('create', 'aws:eks:cluster:create'),
      template('delete', 'aws:eks:cluster:delete'),
      template('upgrade', 'aws:eks:cluster:upgrade', { targetVersion: '1.34' }),
      template('rollback', 'aws:eks:cluster:rollback'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'owned' },
        spec: { type: 'kubernetes-cluster', owner: ALICE },
      },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'eks-policy-'));
    const file = join(dir, 'entities.yaml');
    // JSON documents are YAML documents
    writeFileSync(file, entities.map(e => JSON.stringify(e)).join('\n---\n'));
    return file;
  }

  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        permissionPlugin,
        scaffolderPlugin,
        scaffolderModuleEks,
        eksPermissionPolicyModule({ clusterCreators: [PLATFORM] }),
        onBehalfOfAwareHttpAuth,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownership[ref] ?? [ref],
            };
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Template', 'Resource', 'Location'] }],
              locations: [{ type: 'file', target: catalogFile() }],
            },
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
    // wait until the catalog has processed the entities
    for (let i = 0; i < 300; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/owned')
        .set('Authorization', mockCredentials.user.header(ALICE));
      const templates = await request(server)
        .get('/api/catalog/entities/by-name/template/default/delete')
        .set('Authorization', mockCredentials.user.header(ALICE));
      if (
        res.status === 200 &&
        templates.status === 200 &&
        res.body.relations?.length
      ) {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    return server;
  }

  async function runTask(
    server: Awaited<ReturnType<typeof startBackend>>,
    user: string,
    name: string,
    clusterName: string,
  ) {
    const auth = mockCredentials.user.header(user);
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: `template:default/${name}`,
        values: { clusterName },
      });
    expect(created.status).toBe(201);
    let task: any;
    for (let i = 0; i < 900; i++) {
      task = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', auth)
      ).body;
      if (task.status === 'completed' || task.status === 'failed') break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', auth);
    const error = (events.body as any[]).find(e => e.type === 'completion')
      ?.body?.error;
    return { status: task.status as string, error };
  }

  it('lets the group create, refuses others; lets only the owner of the entity upgrade, roll back and delete', async () => {
    const server = await startBackend();

    requests.length = 0;
    const refusedCreate = await runTask(server, BOB, 'create', 'owned');
    expect(refusedCreate).toEqual({
      status: 'failed',
      error: {
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'it needs the permission eks.cluster.create',
        ),
      },
    });
    expect(requests).toEqual([]);

    const created = await runTask(server, ALICE, 'create', 'owned');
    expect(created.status).toBe('completed');

    requests.length = 0;
    sandbox.clearWrites();
    const refusedDelete = await runTask(server, BOB, 'delete', 'owned');
    expect(refusedDelete).toEqual({
      status: 'failed',
      error: {
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'it needs the permission eks.cluster.delete on resource:default/owned',
        ),
      },
    });
    expect(requests).toEqual([]);
    expect(sandbox.writes).toEqual([]);

    // upgrading and rolling back are the owner's too
    for (const [name, actionId] of [
      ['upgrade', 'aws:eks:cluster:upgrade'],
      ['rollback', 'aws:eks:cluster:rollback'],
    ]) {
      const refused = await runTask(server, BOB, name, 'owned');
      expect(refused).toEqual({
        status: 'failed',
        error: {
          name: 'NotAllowedError',
          message: expect.stringContaining(
            `may not run ${actionId}: it needs the permission eks.cluster.upgrade on resource:default/owned`,
          ),
        },
      });
    }
    expect(requests).toEqual([]);
    expect(sandbox.writes).toEqual([]);
    // the owner's rollback of a cluster never upgraded is refused by EKS's
    // rule, not by the policy
    const ownersRollback = await runTask(server, ALICE, 'rollback', 'owned');
    expect(ownersRollback.error?.message).toMatch(/cannot be rolled back/);

    const deleted = await runTask(server, ALICE, 'delete', 'owned');
    expect(deleted.status).toBe('completed');
    expect(
      sandbox.writes.some(
        w => w.service === 'eks' && w.operation === 'DeleteCluster',
      ),
    ).toBe(true);
  });
});
