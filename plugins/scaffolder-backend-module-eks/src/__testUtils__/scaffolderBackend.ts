import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import { scaffolderModuleEks } from '../module';

/*
 * The real scaffolder the module tests run their templates in: the
 * scaffolder backend with this module, a catalog holding the templates, and
 * the eks config pointed at a sandbox with fast polling.
 */

/** What {@link startScaffolderBackend} starts the scaffolder with. */
export interface ScaffolderBackendOptions {
  sandbox: Sandbox;
  /** The template entities the catalog holds. */
  templates: unknown[];
  /** Service factories to use instead of the mocks' defaults (permissions, auditor). */
  features?: BackendFeature[];
  /** eks.provisioning settings beside the fast poll delays. */
  provisioning?: Record<string, unknown>;
}

/** Starts the scaffolder backend with this module; its HTTP server. */
export async function startScaffolderBackend(
  options: ScaffolderBackendOptions,
): Promise<TestBackend['server']> {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleEks,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.templates as any[] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          eks: {
            endpoint: options.sandbox.url,
            defaultRegion: 'eu-west-1',
            defaultAccountId: options.sandbox.accountId,
            sandbox: { enabled: true },
            provisioning: {
              minPollDelaySeconds: 0.02,
              maxPollDelaySeconds: 0.1,
              ...options.provisioning,
            },
          },
        },
      }),
    ],
  });
  return server;
}

/** The server {@link startScaffolderBackend} answers on. */
export type ScaffolderServer = Awaited<
  ReturnType<typeof startScaffolderBackend>
>;

/**
 * Starts a task of `template:default/<template>` with `values` (as the user
 * whose Authorization header `auth` is, when given), expects it accepted,
 * and waits until it completes or fails, asking every 200 ms at most
 * `attempts` times: the task as the scaffolder last showed it, and its events.
 */
export async function runScaffolderTask(
  server: ScaffolderServer,
  run: {
    template: string;
    values: Record<string, unknown>;
    auth?: string;
    attempts?: number;
  },
) {
  const withAuth = (test: request.Test) =>
    run.auth ? test.set('Authorization', run.auth) : test;
  const created = await withAuth(
    request(server).post('/api/scaffolder/v2/tasks'),
  ).send({
    templateRef: `template:default/${run.template}`,
    values: run.values,
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  let task: any;
  for (let i = 0; i < (run.attempts ?? 900); i++) {
    task = (
      await withAuth(request(server).get(`/api/scaffolder/v2/tasks/${id}`))
    ).body;
    if (task.status === 'completed' || task.status === 'failed') break;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  const events = (
    await withAuth(request(server).get(`/api/scaffolder/v2/tasks/${id}/events`))
  ).body as any[];
  return { id, task, status: task.status as string, events };
}

/** The error a task's completion event carries, if it failed. */
export function taskFailure(events: any[]) {
  return events.find(e => e.type === 'completion')?.body?.error;
}
