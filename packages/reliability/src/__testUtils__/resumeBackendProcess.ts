/*
 * The entry point of a child process that runs scaffolder backends for the
 * resume test (see resumeHarness.ts): one real backend per "world" (the
 * scaffolder plugin with the EKS actions, tasks in the world's own SQLite
 * file that outlives the process, task recovery on, the world's own
 * sandbox).
 *
 * A world with `killAfterCheckpoints: n` freezes the moment the UPDATE that
 * stores its n-th successful checkpoint has been executed by SQLite: the
 * query's promise never resolves and no later query of that backend runs,
 * so the task stops right after the checkpoint is durable (its heartbeat
 * stops too). The parent then ends the whole process with SIGKILL: no
 * handler, no shutdown hook, no flush, as a node lost mid-task. Freezing
 * first lets one process hold many worlds, each stopped at its own
 * checkpoint, for the price of one process start.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleEks from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import type {
  ResumeBackendMessage,
  ResumeBackendOptions,
  ResumeWorld,
} from './resumeHarness';

const options: ResumeBackendOptions = JSON.parse(
  process.env.RESUME_BACKEND_OPTIONS ?? '{}',
);

function send(message: ResumeBackendMessage) {
  process.send?.(message);
}

interface KnexQuery {
  sql?: string;
  bindings?: unknown[];
}

/** How many successful checkpoints an UPDATE of `tasks` stores, if any. */
function checkpointsStored(query: KnexQuery): number | undefined {
  if (!query.sql?.startsWith('update `tasks` set `state`')) return undefined;
  const serialized = query.bindings?.[0];
  if (typeof serialized !== 'string') return undefined;
  const checkpoints: Record<string, { status: string }> =
    JSON.parse(serialized).state?.checkpoints ?? {};
  return Object.values(checkpoints).filter(c => c.status === 'success').length;
}

const never = () => new Promise<never>(() => {});

/** Freezes the world's scaffolder right after the checkpoint is stored. */
function freezeSwitch(world: ResumeWorld, index: number) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'resume-freeze-switch',
    register(reg) {
      reg.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          const count = world.killAfterCheckpoints;
          if (!count) return;
          // the same knex instance the scaffolder's task store uses
          const { client } = (await database.getClient()) as any;
          const query = client.query.bind(client);
          let frozen = false;
          client.query = (connection: unknown, obj: KnexQuery) => {
            if (frozen) return never();
            return query(connection, obj).then((response: unknown) => {
              if (!frozen && checkpointsStored(obj) === count) {
                frozen = true;
                send({ type: 'frozen', world: index });
              }
              return frozen ? never() : response;
            });
          };
        },
      });
    },
  });
}

async function startWorldBackend(world: ResumeWorld, index: number) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleEks,
      freezeSwitch(world, index),
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: world.databaseDirectory },
              // a frozen world's query holds its connection forever: its
              // other queries must wait for the SIGKILL rather than fail
              // after knex's default 60 s and crash every world's process
              // while slower worlds still run to their checkpoint
              knexConfig: { acquireConnectionTimeout: 15 * 60 * 1000 },
            },
          },
          scaffolder: {
            taskRecovery: {
              enabled: true,
              staleTimeout: { milliseconds: options.staleTimeoutMs },
            },
          },
          eks: {
            endpoint: world.sandboxUrl,
            defaultRegion: 'eu-west-1',
            defaultAccountId: options.accountId,
            sandbox: { enabled: true },
            provisioning: {
              minPollDelaySeconds: 0.02,
              maxPollDelaySeconds: 0.1,
            },
            retry: { maxAttempts: 10 },
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({
        entities: options.templates as unknown as Entity[],
      }),
    ],
  });
  return server.port();
}

async function main() {
  const ports = [];
  for (const [index, world] of options.worlds.entries()) {
    ports.push(await startWorldBackend(world, index));
  }
  send({ type: 'listening', ports });
}

main().catch(error => {
  send({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});
