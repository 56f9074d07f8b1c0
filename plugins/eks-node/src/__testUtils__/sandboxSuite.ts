import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { ProvisioningRun } from '../provisioning/ProvisioningRun';
import { sandboxProvisioningRun } from './sandboxRun';

/** What each test of a sandbox suite gets. */
export interface SandboxSuiteState {
  sandbox: Sandbox;
  /** A fresh run against the sandbox's default account and region. */
  run: ProvisioningRun;
  /** The run's log of this test, as `info: ...` and `warn: ...` lines. */
  lines: string[];
}

/**
 * The shared setup of a test file against the sandbox: one sandbox for the
 * file (latency factor 0.001), reset before each test, with a fresh run
 * whose log lines are collected; `use` receives them before each test.
 *
 * @example
 *   let sandbox: Sandbox;
 *   let run: ProvisioningRun;
 *   useSandboxSuite(s => ({ sandbox, run } = s));
 */
export function useSandboxSuite(use: (state: SandboxSuiteState) => void) {
  jest.setTimeout(60_000);
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    const lines: string[] = [];
    const run = await sandboxProvisioningRun(sandbox, {
      info: m => lines.push(`info: ${m}`),
      warn: m => lines.push(`warn: ${m}`),
    });
    use({ sandbox, run, lines });
  });
}
