import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import eksBackendPlugin from '@backstage-eks/plugin-eks-backend';
import scaffolderModuleEks from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import knex from 'knex';
import type { Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';

/** The PostgreSQL server of the machine (trust auth). */
export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** The Redis server of the machine. */
export const REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * Outside CI, `EKS_RELIABILITY_NO_POSTGRES=true` skips the two-backend test
 * on a machine without PostgreSQL and Redis. In CI it has no effect: the test
 * fails when they are not reachable.
 */
export const POSTGRES_OPT_OUT_ENV = 'EKS_RELIABILITY_NO_POSTGRES';

/** Whether the two-backend test is explicitly switched off (never in CI). */
export function postgresOptedOut(): boolean {
  return !process.env.CI && process.env[POSTGRES_OPT_OUT_ENV] === 'true';
}

/** Resolves when a TCP connection to host:port succeeds, else fails clearly. */
export function expectReachable(
  service: string,
  address: { host: string; port: number },
  timeoutMs = 3000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `${service} is not reachable at ${address.host}:${address.port} (${reason}). ` +
            `The two-backend reliability test needs it${
              process.env.CI
                ? ' and runs in CI'
                : `; start it, or set ${POSTGRES_OPT_OUT_ENV}=true to skip this test outside CI`
            }.`,
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer in ${timeoutMs} ms`));
    socket.once('error', e => fail(e.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

/** A name no other run uses: `eks_reliability_<16 hex digits>`. */
export function uniqueRunName(): string {
  return `eks_reliability_${randomBytes(8).toString('hex')}`;
}

/** A database created for one run, dropped with {@link ScratchDatabase.drop}. */
export interface ScratchDatabase {
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database. */
export async function createScratchDatabase(
  name: string,
): Promise<ScratchDatabase> {
  const admin = knex({
    client: 'pg',
    connection: { ...POSTGRES, database: 'postgres' },
  });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  return {
    name,
    async drop() {
      const dropper = knex({
        client: 'pg',
        connection: { ...POSTGRES, database: 'postgres' },
      });
      try {
        // FORCE: the stopped backends' pools still hold idle connections
        // (backend-defaults 0.18.0 DatabaseManager.shutdown never destroys pg
        // clients: `client.config.includes('sqlite3')` throws on the config
        // object and Promise.allSettled swallows it)
        await dropper.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** Where the backends of one run keep their state. */
export interface SharedStores {
  /** The run's PostgreSQL database; every plugin gets its own schema in it. */
  databaseName: string;
  /** The run's Redis key namespace. */
  cacheNamespace: string;
}

/**
 * Starts a backend like a production one behind a load balancer: the real
 * scaffolder with the EKS actions and the eks backend plugin, on the real
 * PostgreSQL database service and the real Redis cache service, both shared
 * with every other backend started with the same stores; catalog and
 * permissions are mocks (a catalog holding `entities`, everything allowed).
 */
export async function startSharedBackend(options: {
  sandbox: Sandbox;
  stores: SharedStores;
  entities: Entity[];
}) {
  const { sandbox, stores, entities } = options;
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleEks,
      eksBackendPlugin,
      databaseServiceFactory,
      cacheServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'pg',
              connection: { ...POSTGRES, database: stores.databaseName },
              pluginDivisionMode: 'schema',
              ensureSchemaExists: true,
            },
            cache: {
              store: 'redis',
              connection: `redis://${REDIS.host}:${REDIS.port}`,
              redis: { client: { namespace: stores.cacheNamespace } },
            },
          },
          eks: {
            endpoint: sandbox.url,
            defaultRegion: sandbox.region,
            sandbox: { enabled: true },
            cache: { ttlSeconds: 60 },
            provisioning: {
              minPollDelaySeconds: 0.02,
              maxPollDelaySeconds: 0.1,
            },
            retry: { maxAttempts: 10 },
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities }),
    ],
  });
}

type Server = Parameters<typeof request>[0];

/** One event of a scaffolder task, as GET /v2/tasks/:id/events returns it. */
export interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/** Polls a scaffolder task through `server` until it ends; its status and events. */
export async function waitForTask(
  server: Server,
  taskId: string,
  timeoutMs = 60_000,
): Promise<{ status: string; events: TaskEvent[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .expect(200);
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .expect(200);
      return { status: task.body.status, events: events.body };
    }
    if (Date.now() > deadline) {
      throw new Error(`task ${taskId} still ${task.body.status}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
