import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eksApiRoutes,
  type FleetResponse,
} from '@backstage-eks/plugin-eks-common';
import {
  AwsClientFactory,
  FleetCollector,
} from '@backstage-eks/plugin-eks-node';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import { eksPlugin } from '../plugin';
import { FLEET_REFRESH_TASK_ID } from './startFleet';
import { eksFleetCollectorServiceRef } from '../services/eksFleetCollectorServiceRef';

/** The machine's PostgreSQL (trust auth), as packages/reliability's tests use it. */
const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const PERIOD_SECONDS = 2;

jest.setTimeout(120_000);

const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: {
      'eks.backstage.io/cluster-arn':
        'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/team-a' },
};

// The machine's PostgreSQL, through TestDatabases (a fresh database, dropped after).
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??= `postgresql://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}`;
const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});

describe('two backends on one PostgreSQL database', () => {
  let sandbox: Sandbox;
  let databaseName: string;
  let knex: Awaited<ReturnType<TestDatabases['init']>>;
  /** Every refresh of either backend: when it ran, and which backend ran it. */
  const runs: Array<{ backend: string; start: number; end: number }> = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    knex = await databases.init('POSTGRES_15');
    databaseName = knex.client.config.connection.database;
  });
  afterAll(async () => {
    await sandbox?.stop();
    // the stopped backends' pools keep their connections: end them so that
    // TestDatabases can drop the database
    await knex?.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
      [databaseName],
    );
  });

  function startBackend(name: string) {
    return startTestBackend({
      features: [
        eksPlugin,
        databaseServiceFactory,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'pg',
                connection: { ...POSTGRES, database: databaseName },
                pluginDivisionMode: 'schema',
                ensureSchemaExists: true,
              },
            },
            eks: {
              endpoint: sandbox.url,
              defaultRegion: 'eu-west-1',
              sandbox: { enabled: true },
              fleet: {
                targets: [
                  { accountId: '000000000000', regions: ['eu-west-1'] },
                ],
                schedule: {
                  frequency: { seconds: PERIOD_SECONDS },
                  timeout: { seconds: 60 },
                },
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [demoEntity] }),
        // the real collector against the sandbox, each refresh recorded
        createServiceFactory({
          service: eksFleetCollectorServiceRef,
          deps: { config: coreServices.rootConfig },
          factory({ config }) {
            const collector = new FleetCollector({
              awsClients: AwsClientFactory.fromConfig(config),
            });
            return {
              async refresh(...args: Parameters<FleetCollector['refresh']>) {
                const start = Date.now();
                try {
                  return await collector.refresh(...args);
                } finally {
                  runs.push({ backend: name, start, end: Date.now() });
                }
              },
            };
          },
        }),
      ],
    });
  }

  it('runs the refresh once per period across both, and both serve the same fleet', async () => {
    const a = await startBackend('a');
    const b = await startBackend('b');
    try {
      const startedAt = Date.now();
      await new Promise(r => setTimeout(r, 4.5 * PERIOD_SECONDS * 1000));
      const elapsed = (Date.now() - startedAt) / 1000;
      const periods = Math.ceil(elapsed / PERIOD_SECONDS) + 1;
      expect(runs.length).toBeGreaterThanOrEqual(2);
      // one runner per period, not one per backend
      expect(runs.length).toBeLessThanOrEqual(periods);
      const sorted = [...runs].sort((x, y) => x.start - y.start);
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
      }

      // the task is coordinated through the database (scope global), not
      // one per backend
      const tasks = await knex
        .withSchema('eks')
        .from('backstage_backend_tasks__tasks')
        .select('id');
      expect(tasks.map(t => t.id)).toEqual([FLEET_REFRESH_TASK_ID]);

      // a second to let each replica see the store's last version
      await new Promise(r => setTimeout(r, 1100));
      const [fromA, fromB] = await Promise.all(
        [a, b].map(({ server }) =>
          request(server).get(`/api/eks${eksApiRoutes.fleet}`).expect(200),
        ),
      );
      const fleet = fromA.body as FleetResponse;
      expect(fromB.body).toEqual(fleet);
      expect(fleet.regions).toEqual([
        expect.objectContaining({
          accountId: '000000000000',
          region: 'eu-west-1',
          clusterCount: fleet.rows.length,
        }),
      ]);
      expect(fleet.regions[0].error).toBeUndefined();
      const demo = fleet.rows.find(r => r.name === 'demo');
      expect(demo).toMatchObject({
        accountId: '000000000000',
        region: 'eu-west-1',
        entityRef: 'resource:default/demo',
        owner: 'group:default/team-a',
        status: 'ACTIVE',
      });
      expect(demo?.error).toBeUndefined();
      // the later refreshes kept the row (TTL one hour): read by the first
      expect(Date.parse(demo!.refreshedAt)).toBeLessThan(sorted[1].start);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
