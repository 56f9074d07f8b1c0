import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { eksApiRoutes } from '@backstage-eks/plugin-eks-common';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import { eksPlugin } from '../plugin';

const ARN = 'arn:aws:eks:eu-west-1:000000000000:cluster/demo';
const entity = { namespace: 'default', kind: 'resource', name: 'demo' };
const refreshPath = `/api/eks${eksApiRoutes.entityInsightsRefresh(entity)}`;
const healthPath = `/api/eks${eksApiRoutes.entityHealth(entity)}`;

jest.setTimeout(30_000);

describe('insights refresh routes against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => sandbox.reset());

  /** A backend whose permission policy allows reading, and refreshing when told. */
  async function startBackend(refreshAllowed: boolean) {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(
      async (requests: EvaluatePermissionRequest[]) =>
        requests.map(r => ({
          result:
            r.permission.name !== 'eks.cluster.insights.refresh' ||
            refreshAllowed
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })) as any,
    );
    const { server } = await startTestBackend({
      features: [
        eksPlugin,
        mockServices.rootConfig.factory({
          data: {
            eks: {
              endpoint: sandbox.url,
              sandbox: { enabled: true },
              defaultRegion: 'eu-west-1',
            },
          },
        }),
        permissions.factory,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'demo',
                namespace: 'default',
                annotations: { 'amazonaws.com/arn': ARN },
              },
              spec: { type: 'kubernetes-cluster', owner: 'platform' },
            },
          ],
        }),
      ],
    });
    return { server, permissions };
  }

  it('starts a refresh for a user with eks.cluster.insights.refresh on the entity, and reports it until it completes', async () => {
    const { server, permissions } = await startBackend(true);
    const before = await request(server).get(refreshPath);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      refresh: { status: 'NONE' },
      canRefresh: true,
    });
    const started = await request(server).post(refreshPath);
    expect(started.status).toBe(200);
    expect(started.body.refresh).toMatchObject({
      status: 'IN_PROGRESS',
      startedAt: expect.any(String),
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'eks.cluster.insights.refresh',
          }),
          resourceRef: 'resource:default/demo',
        },
      ],
      expect.anything(),
    );
    expect(
      sandbox.writes.filter(w => w.operation === 'StartInsightsRefresh'),
    ).toHaveLength(1);
    let status = started.body.refresh.status;
    for (let i = 0; i < 100 && status === 'IN_PROGRESS'; i++) {
      await new Promise(r => setTimeout(r, 100));
      status = (await request(server).get(refreshPath)).body.refresh.status;
    }
    expect(status).toBe('COMPLETED');
    const after = await request(server).get(refreshPath);
    expect(new Date(after.body.refresh.endedAt).getTime()).toBeGreaterThan(0);
    // the refreshed document's insights carry the refresh's end
    const health = await request(server).get(healthPath).query({
      refresh: 'true',
    });
    expect(health.status).toBe(200);
    expect(health.body.insights.data.length).toBeGreaterThan(0);
  });

  it('answers 403 without the permission, and starts nothing', async () => {
    const { server } = await startBackend(false);
    const status = await request(server).get(refreshPath);
    expect(status.status).toBe(200);
    expect(status.body.canRefresh).toBe(false);
    const res = await request(server).post(refreshPath);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'permission eks.cluster.insights.refresh is required to refresh the insights of resource:default/demo',
    );
    expect(
      sandbox.writes.filter(w => w.operation === 'StartInsightsRefresh'),
    ).toEqual([]);
  });

  it('answers 404 for an entity missing from the catalog', async () => {
    const { server } = await startBackend(true);
    const res = await request(server).post(
      `/api/eks${eksApiRoutes.startEntityInsightsRefresh({
        ...entity,
        name: 'nope',
      })}`,
    );
    expect(res.status).toBe(404);
  });
});
