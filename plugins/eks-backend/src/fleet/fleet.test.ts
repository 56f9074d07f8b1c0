import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  createServiceFactory,
  type SchedulerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eksApiRoutes,
  type ClusterHealth,
  type FleetClusterRow,
  type FleetResponse,
} from '@backstage-eks/plugin-eks-common';
import type {
  FleetRefresh,
  FleetRefreshInput,
  FleetTarget,
} from '@backstage-eks/plugin-eks-node';
import request from 'supertest';
import { eksPlugin } from '../plugin';
import { FLEET_REFRESH_TASK_ID } from './startFleet';
import { eksFleetCollectorServiceRef } from '../services/eksFleetCollectorServiceRef';
import {
  eksInsightsServiceRef,
  type EksInsightsService,
} from '../services/eksInsightsServiceRef';
import {
  eksReadServiceRef,
  type EksReadService,
} from '../services/eksReadServiceRef';
import { fleetRow } from './__testUtils__/fleetRow';

jest.setTimeout(30_000);

/** The mock scheduler's instance: a factory for the backend, tasks triggered by the test. */
type MockScheduler = SchedulerService & {
  factory(): ServiceFactory<SchedulerService>;
};

const FLEET = `/api/eks${eksApiRoutes.fleet}`;
const FLEET_CSV = `/api/eks${eksApiRoutes.fleetCsv}`;

const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo-entity',
    namespace: 'default',
    annotations: {
      'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
    },
  },
  spec: {
    type: 'kubernetes-cluster',
    owner: 'group:default/team-a',
    system: 'payments',
  },
};

/** A collector that answers what the test sets, and records its calls. */
class FakeCollector {
  calls: Array<{ targets: readonly FleetTarget[]; input: FleetRefreshInput }> =
    [];
  next: () => FleetRefresh = () => ({
    rows: [],
    regions: [],
    stats: {},
    dirtyRead: [],
  });
  async refresh(
    targets: readonly FleetTarget[],
    input: FleetRefreshInput = {},
  ) {
    this.calls.push({ targets, input });
    return this.next();
  }
}

function refreshOf(
  rows: FleetClusterRow[],
  extra: Partial<FleetRefresh> = {},
): FleetRefresh {
  return {
    rows,
    regions: [
      {
        accountId: '000000000000',
        region: 'eu-west-1',
        lastAttemptAt: '2026-12-04T10:00:00.000Z',
        lastSuccessAt: '2026-12-04T10:00:00.000Z',
        clusterCount: rows.length,
      },
    ],
    stats: {},
    dirtyRead: [],
    ...extra,
  };
}

function healthOf(name: string): ClusterHealth {
  return {
    verdict: {
      kind: 'failing',
      headline: 'Something is broken',
      counts: { critical: 1, warning: 0, info: 0 },
      unloadedSections: [],
    },
    cluster: { error: { source: 'test', message: 'not read' } },
    insights: { data: [] },
    nodeGroups: { data: [] },
    nodes: { data: { total: 0, ready: 0, notReady: 0, byZone: {}, items: [] } },
    addons: { data: [] },
    podIdentityAssociations: { data: [] },
    capabilities: { data: [] },
    karpenter: {
      data: { installed: false, nodePools: [], nodeClaims: [], pendingPods: 0 },
    },
    upgrade: { error: { source: 'test', message: 'not read' } },
    diagnostics: [
      {
        id: 'addon-degraded',
        severity: 'critical',
        title: `vpc-cni on ${name} is DEGRADED`,
        what: 'w',
        why: 'y',
        fix: 'f',
      },
    ],
    generatedAt: '2026-12-04T10:00:00.000Z',
  };
}

async function startBackend(options: {
  collector: FakeCollector;
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  fleetConfig?: JsonObject;
  catalog?: ReturnType<typeof catalogServiceMock.mock>;
}) {
  const scheduler = mockServices.scheduler() as MockScheduler;
  const actions = actionsRegistryServiceMock();
  const getClusterHealth = jest.fn(async (t: { clusterName: string }) =>
    healthOf(t.clusterName),
  );
  const read = { health: { getClusterHealth } } as unknown as EksReadService;
  const insights: EksInsightsService = {
    startRefresh: jest.fn(async () => ({ status: 'IN_PROGRESS' as const })),
    refreshStatus: jest.fn(async () => ({ status: 'NONE' as const })),
  } as unknown as EksInsightsService;
  const backend = await startTestBackend({
    features: [
      eksPlugin,
      scheduler.factory(),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            providers: {
              eks: {
                a: {
                  targets: [
                    { accountId: '000000000000', regions: ['eu-west-1'] },
                  ],
                  owner: 'group:default/guests',
                  system: 'eks-platform',
                },
              },
            },
          },
          eks: { fleet: options.fleetConfig ?? {} },
        },
      }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      options.catalog
        ? createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => options.catalog!,
          })
        : catalogServiceMock.factory({ entities: [demoEntity] }),
      createServiceFactory({
        service: eksFleetCollectorServiceRef,
        deps: {},
        factory: () => options.collector,
      }),
      createServiceFactory({
        service: eksReadServiceRef,
        deps: {},
        factory: () => read,
      }),
      createServiceFactory({
        service: eksInsightsServiceRef,
        deps: {},
        factory: () => insights,
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
    ],
  });
  return { ...backend, scheduler, actions, getClusterHealth };
}

describe('the fleet', () => {
  it('schedules one global refresh task over the catalog provider targets', async () => {
    const collector = new FakeCollector();
    const { scheduler } = await startBackend({ collector });
    const tasks = await scheduler.getScheduledTasks();
    expect(tasks).toEqual([
      expect.objectContaining({ id: FLEET_REFRESH_TASK_ID, scope: 'global' }),
    ]);
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    expect(collector.calls).toHaveLength(1);
    expect(collector.calls[0].targets).toEqual([
      {
        accountId: '000000000000',
        region: 'eu-west-1',
        owner: 'group:default/guests',
        system: 'eks-platform',
      },
    ]);
  });

  it('takes eks.fleet.targets over the provider targets', async () => {
    const collector = new FakeCollector();
    const { scheduler } = await startBackend({
      collector,
      fleetConfig: {
        targets: [{ regions: ['us-east-1', 'us-west-2'] }],
        schedule: { frequency: { seconds: 30 }, timeout: { seconds: 20 } },
      },
    });
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    expect(collector.calls[0].targets).toEqual([
      { region: 'us-east-1' },
      { region: 'us-west-2' },
    ]);
  });

  it('refuses a bad rate limit naming its key', async () => {
    await expect(
      startBackend({
        collector: new FakeCollector(),
        fleetConfig: { rateLimit: { intervalCap: 0 } },
      }),
    ).rejects.toThrow(/eks\.fleet\.rateLimit\.intervalCap/);
  });

  it('serves an empty fleet before the first refresh, then the refreshed rows joined to the catalog', async () => {
    const collector = new FakeCollector();
    const { server, scheduler } = await startBackend({ collector });
    const empty = await request(server).get(FLEET).expect(200);
    expect(empty.body).toMatchObject({ rows: [], regions: [] });

    collector.next = () =>
      refreshOf([
        fleetRow('demo', {
          owner: 'group:default/guests',
          system: 'eks-platform',
        }),
        fleetRow('other', {
          owner: 'group:default/guests',
          addons: [{ name: 'vpc-cni', version: 'v1.20.0-eksbuild.1' }],
        }),
      ]);
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    // the replica checks the store's version at most every second
    await new Promise(r => setTimeout(r, 1100));
    const res = await request(server).get(FLEET).expect(200);
    const body = res.body as FleetResponse;
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(body.rows.map(r => r.name)).toEqual(['demo', 'other']);
    // joined to its catalog entity (found by the ARN annotation)
    expect(body.rows[0]).toMatchObject({
      entityRef: 'resource:default/demo-entity',
      owner: 'group:default/team-a',
      system: 'payments',
      // behind the newest vpc-cni of the fleet on the same minor
      addons: [
        {
          name: 'vpc-cni',
          version: 'v1.19.0-eksbuild.1',
          newestInFleet: 'v1.20.0-eksbuild.1',
        },
      ],
    });
    // no entity: the provider's owner stays
    expect(body.rows[1]).toMatchObject({ owner: 'group:default/guests' });
    expect(body.rows[1].entityRef).toBeUndefined();
    expect(body.regions).toEqual([
      expect.objectContaining({ accountId: '000000000000', clusterCount: 2 }),
    ]);
  });

  it('starts each refresh from the stored rows and dirty marks (a restarted backend refreshes incrementally)', async () => {
    const collector = new FakeCollector();
    const first = await startBackend({ collector });
    collector.next = () => refreshOf([fleetRow('demo')]);
    await first.scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    await first.scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    expect(collector.calls[1].input.previous?.rows).toEqual([fleetRow('demo')]);
    expect(collector.calls[1].input.dirty).toEqual(new Set());
  });

  it('reads a cluster again at the next refresh after the portal started an insights refresh on it', async () => {
    const collector = new FakeCollector();
    const { server, scheduler } = await startBackend({ collector });
    await request(server)
      .post(
        `/api/eks${eksApiRoutes.startEntityInsightsRefresh({
          namespace: 'default',
          kind: 'resource',
          name: 'demo-entity',
        })}`,
      )
      .expect(200);
    const key = '000000000000/eu-west-1/demo';
    collector.next = () => refreshOf([fleetRow('demo')], { dirtyRead: [key] });
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    expect(collector.calls[0].input.dirty).toEqual(new Set([key]));
    // read: the mark is cleared
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    expect(collector.calls[1].input.dirty).toEqual(new Set());
  });

  it('serialises the snapshot once per store version: the catalog is read once, not per request', async () => {
    const collector = new FakeCollector();
    collector.next = () => refreshOf([fleetRow('demo')]);
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async () => ({ items: [demoEntity] })),
    });
    const { server, scheduler } = await startBackend({ collector, catalog });
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    await new Promise(r => setTimeout(r, 1100));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(server).get(FLEET).expect(200)),
    );
    expect(new Set(answers.map(a => a.text)).size).toBe(1);
    await request(server).get(FLEET).expect(200);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: expect.arrayContaining([
          {
            kind: 'Resource',
            'metadata.annotations.amazonaws.com/arn': expect.anything(),
          },
        ]),
      }),
      expect.anything(),
    );
    // a new version is read again
    collector.next = () => refreshOf([fleetRow('demo', { version: '1.34' })]);
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    await new Promise(r => setTimeout(r, 1100));
    const after = await request(server).get(FLEET).expect(200);
    expect(after.body.rows[0].version).toBe('1.34');
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });

  it('exports the rows as a CSV attachment', async () => {
    const collector = new FakeCollector();
    collector.next = () => refreshOf([fleetRow('demo, "quoted"')]);
    const { server, scheduler } = await startBackend({ collector });
    await scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    await new Promise(r => setTimeout(r, 1100));
    const res = await request(server).get(FLEET_CSV).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="eks-fleet.csv"',
    );
    const lines = res.text.split('\r\n');
    expect(lines[0]).toMatch(/^[A-Za-z]/);
    expect(lines[1]).toContain('"demo, ""quoted"""');
    expect(lines).toHaveLength(3);
  });

  it('answers 403 without eks.cluster.read and 401 without a user', async () => {
    const collector = new FakeCollector();
    const { server } = await startBackend({
      collector,
      permission: AuthorizeResult.DENY,
    });
    const res = await request(server).get(FLEET).expect(403);
    expect(res.body.error.message).toContain('eks.cluster.read');
    await request(server).get(FLEET_CSV).expect(403);
    await request(server)
      .get(FLEET)
      .set('authorization', mockCredentials.none.header())
      .expect(401);
  });

  it('answers a bad query with the fleet, never a 5xx (no parameters)', async () => {
    const { server } = await startBackend({ collector: new FakeCollector() });
    await request(server)
      .get(`${FLEET}?limit=-1&x=%ZZ`)
      .expect(res => {
        expect(res.status).toBeLessThan(500);
      });
    await request(server)
      .get(`${FLEET_CSV}?a=1&a=2`)
      .expect(res => {
        expect(res.status).toBeLessThan(500);
      });
  });
});

describe('the fleet actions', () => {
  async function withFleet(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const collector = new FakeCollector();
    const backend = await startBackend({ collector, permission });
    collector.next = () =>
      refreshOf(
        [
          fleetRow('demo', {
            verdict: 'failing',
            diagnostics: { critical: 2, warning: 0, info: 0 },
          }),
          fleetRow('fine'),
          fleetRow('old', {
            version: '1.29',
            support: {
              inExtendedSupport: true,
              standardSupportEnded: true,
              extendedMonthlyCostUsd: 438,
              extendedUntil: '2026-03-23',
            },
          }),
        ],
        {
          regions: [
            {
              accountId: '000000000000',
              region: 'eu-west-1',
              lastSuccessAt: '2026-12-04T10:00:00.000Z',
              clusterCount: 3,
            },
            {
              accountId: '111111111111',
              region: 'us-east-1',
              lastAttemptAt: '2026-12-04T10:00:00.000Z',
              error: 'AccessDenied: not authorized to perform sts:AssumeRole',
              clusterCount: 0,
            },
          ],
        },
      );
    await backend.scheduler.triggerTask(FLEET_REFRESH_TASK_ID);
    return backend;
  }

  it('lists the clusters needing attention with their reasons, and the failed regions', async () => {
    const { actions } = await withFleet();
    const { output } = await actions.invoke({
      id: 'test:list-eks-clusters-needing-attention',
      input: {},
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({
      total: 2,
      clusters: [
        {
          name: 'demo',
          entityRef: 'resource:default/demo-entity',
          owner: 'group:default/team-a',
          reasons: ['2 failing diagnostics', 'Health: failing'],
        },
        {
          name: 'old',
          reasons: [
            expect.stringMatching(/extended support \(\$438\.00 a month/),
          ],
        },
      ],
      failedRegions: [
        {
          accountId: '111111111111',
          region: 'us-east-1',
          error: expect.stringContaining('AccessDenied'),
        },
      ],
    });
    const byOwner = await actions.invoke({
      id: 'test:list-eks-clusters-needing-attention',
      input: { owner: 'group:default/team-a', limit: 1 },
      credentials: mockCredentials.user(),
    });
    expect(byOwner.output).toMatchObject({
      total: 1,
      clusters: [{ name: 'demo' }],
    });
    await expect(
      actions.invoke({
        id: 'test:list-eks-clusters-needing-attention',
        input: { limit: 0 },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/limit/);
  });

  it("reads a cluster's health and diagnostics by entity or by name", async () => {
    const { actions, getClusterHealth } = await withFleet();
    const byEntity = await actions.invoke({
      id: 'test:get-eks-cluster-health',
      input: { entityRef: 'resource:default/demo-entity' },
      credentials: mockCredentials.user(),
    });
    expect(getClusterHealth).toHaveBeenLastCalledWith({
      accountId: '000000000000',
      region: 'eu-west-1',
      clusterName: 'demo',
    });
    expect(byEntity.output).toMatchObject({
      cluster: { name: 'demo', accountId: '000000000000', region: 'eu-west-1' },
      verdict: { kind: 'failing' },
      diagnostics: [{ id: 'addon-degraded', severity: 'critical' }],
      health: { verdict: { kind: 'failing' } },
    });
    // by name: account and region from the fleet
    await actions.invoke({
      id: 'test:get-eks-cluster-health',
      input: { clusterName: 'fine' },
      credentials: mockCredentials.user(),
    });
    expect(getClusterHealth).toHaveBeenLastCalledWith({
      accountId: '000000000000',
      region: 'eu-west-1',
      clusterName: 'fine',
    });
    await expect(
      actions.invoke({
        id: 'test:get-eks-cluster-health',
        input: { clusterName: 'nowhere' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/no cluster named nowhere in the fleet/);
    await expect(
      actions.invoke({
        id: 'test:get-eks-cluster-health',
        input: {},
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/entityRef or clusterName is required/);
  });

  it('refuses both actions without eks.cluster.read', async () => {
    const { actions, getClusterHealth } = await withFleet(AuthorizeResult.DENY);
    await expect(
      actions.invoke({
        id: 'test:list-eks-clusters-needing-attention',
        input: {},
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/eks\.cluster\.read/);
    await expect(
      actions.invoke({
        id: 'test:get-eks-cluster-health',
        input: { clusterName: 'demo' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/eks\.cluster\.read/);
    expect(getClusterHealth).not.toHaveBeenCalled();
  });
});
