import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleEks from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import { delimiter, dirname } from 'node:path';
import { TemplateEntity, templateRef } from './templates';
import { SANDBOX_HELM_PATH } from '@backstage-eks/sandbox';

type Server = Parameters<typeof request>[0];

/** One entry of a task's event log. */
interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/** A finished scaffolder task. */
export interface TaskResult {
  status: string;
  output: Record<string, any>;
  /** The task's log lines, `[stepId] message`. */
  log: string[];
  /** The ids of the steps that ran to completion. */
  completedSteps: string[];
}

/** The result of POST /v2/dry-run. */
export interface DryRunResult {
  output: Record<string, any>;
  log: string[];
  steps: { id: string; name: string; action: string }[];
  directoryContents: { path: string; base64Content: string }[];
}

/** A scaffolder backend with the EKS actions, talking to a sandbox. */
export interface TemplateBackend {
  sandbox: Sandbox;
  server: Server;
  /** Runs a template in dry run (POST /api/scaffolder/v2/dry-run). */
  dryRun(template: TemplateEntity, values: object): Promise<DryRunResult>;
  /** Creates a task from a template in the catalog and waits until it ends. */
  run(template: TemplateEntity, values: object): Promise<TaskResult>;
  stop(): Promise<void>;
}

/**
 * Puts the sandbox's stand-in `helm` (packages/sandbox/bin/helm) first on
 * PATH, as the portal does for the Karpenter action.
 */
export function useSandboxHelm(): () => void {
  const saved = process.env.PATH;
  const bin = dirname(SANDBOX_HELM_PATH);
  process.env.PATH = `${bin}${delimiter}${saved}`;
  return () => {
    process.env.PATH = saved;
  };
}

/**
 * Starts a sandbox and a backend with the real scaffolder plugin, the EKS
 * scaffolder module configured for that sandbox, a catalog holding the given
 * templates (and entities), and permissions that allow everything.
 */
export async function startTemplateBackend(
  templates: TemplateEntity[],
  entities: Entity[] = [],
): Promise<TemplateBackend> {
  const sandbox = await startSandbox({ port: 0, latencyFactor: 0.0005 });
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleEks,
      mockServices.rootConfig.factory({
        data: {
          eks: {
            endpoint: sandbox.url,
            defaultRegion: 'eu-west-1',
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
        entities: [...(templates as unknown as Entity[]), ...entities],
      }),
    ],
  }).catch(async error => {
    await sandbox.stop();
    throw error;
  });

  const dryRun = async (
    template: TemplateEntity,
    values: object,
  ): Promise<DryRunResult> => {
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, secrets: {}, directoryContents: [] });
    if (res.status !== 200) {
      throw new Error(
        `dry run answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    return {
      output: res.body.output,
      steps: res.body.steps,
      directoryContents: res.body.directoryContents,
      log: (
        res.body.log as { body: { message: string; stepId?: string } }[]
      ).map(l => `[${l.body.stepId ?? '-'}] ${l.body.message}`),
    };
  };

  const run = async (
    template: TemplateEntity,
    values: object,
  ): Promise<TaskResult> => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: templateRef(template), values, secrets: {} });
    if (created.status !== 201) {
      throw new Error(
        `creating the task answered ${created.status}: ${JSON.stringify(
          created.body,
        )}`,
      );
    }
    const taskId: string = created.body.id;
    for (;;) {
      const task = await request(server).get(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      const status: string = task.body.status;
      if (['completed', 'failed', 'cancelled'].includes(status)) {
        const events = await request(server).get(
          `/api/scaffolder/v2/tasks/${taskId}/events`,
        );
        const log = (events.body as TaskEvent[])
          .filter(e => e.type === 'log' && e.body.message)
          .map(e => `[${e.body.stepId ?? '-'}] ${e.body.message}`);
        const stepsWith = (stepStatus: string) =>
          (events.body as TaskEvent[])
            .filter(
              e =>
                e.type === 'log' &&
                e.body.stepId &&
                e.body.status === stepStatus,
            )
            .map(e => e.body.stepId as string);
        const completion = (events.body as TaskEvent[]).find(
          e => e.type === 'completion',
        ) as { body: { output?: Record<string, any> } } | undefined;
        return {
          status,
          output: completion?.body.output ?? {},
          log,
          completedSteps: [...new Set(stepsWith('completed'))],
        };
      }
      await new Promise(r => setTimeout(r, 100));
    }
  };

  return {
    sandbox,
    server,
    dryRun,
    run,
    stop: () => sandbox.stop(),
  };
}

/** Fails with the task's log unless the task completed. */
export function expectCompleted(result: TaskResult): void {
  if (result.status !== 'completed') {
    throw new Error(`task ${result.status}, log:\n${result.log.join('\n')}`);
  }
}
