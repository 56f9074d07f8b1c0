import { ConfigReader } from '@backstage/config';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AwsClientFactory,
  SandboxCredentialsManager,
} from '@backstage-eks/plugin-eks-node';
import { startSandbox, Sandbox } from '@backstage-eks/sandbox';
import type { FaultRule } from '@backstage-eks/sandbox';
import type { EksActionOptions } from '@backstage-eks/plugin-scaffolder-backend-module-eks';

/** A running sandbox with the action options that point at it. */
export interface SandboxHarness {
  sandbox: Sandbox;
  options: EksActionOptions;
  stop(): Promise<void>;
}

/** Writes made since the last clearWrites(), excluding reads. */
export function writesOf(sandbox: Sandbox) {
  return sandbox.writes.map(w => `${w.service}:${w.operation}`);
}

/** The seed of the dice of throttleCalls: the same calls are refused every run. */
export const THROTTLE_SEED = 20261204;

/**
 * Throttles a share of the calls that match the rules, with seeded dice, so
 * that a test of retries refuses the same calls on every run (and its time
 * does not depend on luck). The test then asserts faults.injected() > 0.
 */
export function throttleCalls(
  sandbox: Sandbox,
  rules: Array<Pick<FaultRule, 'service' | 'throttleRate' | 'count'>>,
) {
  sandbox.faults.seed(THROTTLE_SEED);
  for (const rule of rules) sandbox.faults.set(rule);
}

/** Starts a fast sandbox and the options of actions that talk to it. */
export async function startHarness(
  extra: Partial<EksActionOptions> = {},
): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ port: 0, latencyFactor: 0.0005 });
  const config = new ConfigReader({
    eks: {
      endpoint: sandbox.url,
      defaultRegion: 'eu-west-1',
      defaultAccountId: sandbox.accountId,
      provisioning: { minPollDelaySeconds: 0.02, maxPollDelaySeconds: 0.1 },
      retry: { maxAttempts: 10 },
    },
  });
  const awsClientFactory = new AwsClientFactory({
    credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
    endpoint: sandbox.url,
    defaultRegion: 'eu-west-1',
    defaultAccountId: sandbox.accountId,
    maxAttempts: 10,
  });
  return {
    sandbox,
    options: { config, awsClientFactory, ...extra },
    stop: () => sandbox.stop(),
  };
}

/** A checkpoint store like the scaffolder's: results kept by key. */
export class CheckpointStore {
  readonly values = new Map<string, unknown>();
  readonly calls: string[] = [];

  checkpoint = async <T>(opts: { key: string; fn: () => Promise<T> | T }) => {
    this.calls.push(opts.key);
    if (this.values.has(opts.key)) return this.values.get(opts.key) as T;
    const value = await opts.fn();
    this.values.set(opts.key, value ?? {});
    return value;
  };
}

/** A mock action context whose log lines are collected. */
export function actionContext<I extends Record<string, any>>(
  input: I,
  opts: { isDryRun?: boolean; checkpoints?: CheckpointStore } = {},
): {
  ctx: ActionContext<any, any>;
  outputs: Record<string, unknown>;
  logLines: string[];
} {
  // createMockActionContext takes neither isDryRun nor checkpoint: set them.
  const ctx = createMockActionContext({ input: input as any });
  ctx.isDryRun = opts.isDryRun;
  if (opts.checkpoints) {
    const store = opts.checkpoints;
    ctx.checkpoint = (o => store.checkpoint(o)) as typeof ctx.checkpoint;
  }
  const logLines: string[] = [];
  for (const level of ['info', 'warn'] as const) {
    jest.spyOn(ctx.logger, level).mockImplementation(((message: unknown) => {
      logLines.push(`${level}: ${String(message)}`);
      return ctx.logger;
    }) as any);
  }
  const outputs: Record<string, unknown> = {};
  (ctx.output as jest.Mock).mockImplementation(
    (name: string, value: unknown) => {
      outputs[name] = value;
    },
  );
  return { ctx, outputs, logLines };
}
