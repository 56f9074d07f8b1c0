import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { FakeHelm, installFakeHelm } from './fakeHelm';
import {
  actionContext,
  CheckpointStore,
  SandboxHarness,
  startHarness,
} from './sandboxHarness';

/** How {@link useActionSandbox} prepares the sandbox. */
export interface ActionSandboxOptions {
  /** Installs the stand-in helm for the suite (Karpenter). */
  helm?: boolean;
  /** Runs before each test, after the sandbox is reset. */
  prepare?: (harness: SandboxHarness) => Promise<void> | void;
}

/** The sandbox of an action suite, and its stand-in helm when asked for. */
export interface ActionSandbox extends SandboxHarness {
  readonly helm: FakeHelm;
}

/**
 * The set-up every action suite shares: a sandbox started before the suite
 * (with the stand-in helm first, when asked for), reset and prepared before
 * each test, stopped after the suite. Call it in a `describe`; the returned
 * harness is live from the suite's `beforeAll` on.
 */
export function useActionSandbox(
  options: ActionSandboxOptions = {},
): ActionSandbox {
  let harness: SandboxHarness | undefined;
  let helm: FakeHelm | undefined;
  beforeAll(async () => {
    if (options.helm) helm = installFakeHelm();
    harness = await startHarness();
  });
  afterAll(async () => {
    helm?.restore();
    await harness?.stop();
  });
  beforeEach(async () => {
    await live().sandbox.reset();
    await options.prepare?.(live());
  });
  function live(): SandboxHarness {
    if (!harness) throw new Error('the sandbox starts in the beforeAll');
    return harness;
  }
  return {
    get sandbox() {
      return live().sandbox;
    },
    get options() {
      return live().options;
    },
    stop: () => live().stop(),
    get helm() {
      if (!helm)
        throw new Error('useActionSandbox({ helm: true }) installs helm');
      return helm;
    },
  };
}

/**
 * Expects the action to refuse `input` with an InputError whose message
 * matches, twice in a row, and the sandbox to have seen no write.
 */
export async function expectRefusedBeforeAnyWrite(
  harness: SandboxHarness,
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  message: RegExp,
): Promise<void> {
  harness.sandbox.clearWrites();
  const { ctx } = actionContext(input);
  await expect(action.handler(ctx)).rejects.toThrow(message);
  await expect(action.handler(ctx)).rejects.toMatchObject({
    name: 'InputError',
  });
  expect(harness.sandbox.writes).toEqual([]);
}

/**
 * A task that crashed and was resumed: runs the action with a worker that
 * dies right after the checkpoint whose key contains `crashAfter` is stored
 * (expecting that crash), then runs it again with the same checkpoints, as
 * the scaffolder resumes a task. Each run gets a fresh action from
 * `action`; the resumed run's context is returned.
 */
export async function runCrashedThenResumed<I extends Record<string, any>>(
  action: () => TemplateAction<any, any, any>,
  input: I,
  crashAfter: string,
) {
  const checkpoints = new CheckpointStore();
  const original = checkpoints.checkpoint;
  checkpoints.checkpoint = async opts => {
    const value = await original(opts);
    if (opts.key.includes(crashAfter)) throw new Error('worker crashed');
    return value;
  };
  await expect(
    action().handler(actionContext(input, { checkpoints }).ctx),
  ).rejects.toThrow('worker crashed');
  checkpoints.checkpoint = original;
  const resumed = actionContext(input, { checkpoints });
  await action().handler(resumed.ctx);
  return resumed;
}

/** The input of the first step of an action's example template. */
export function exampleInput(example: string): Record<string, any> {
  return yaml.parse(example).steps[0].input;
}
