import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../aws/sandboxConfig';
import {
  KubernetesClientFactory,
  type KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../provisioning/clusterLookup';
import { provisioningKubernetesClients } from '../provisioning/kubernetesAccess';
import {
  ProvisioningRun,
  type ProgressLogger,
} from '../provisioning/ProvisioningRun';

/**
 * A ProvisioningRun against a sandbox's default account and region, with
 * waits short enough for a latency factor of about 0.001.
 */
export async function sandboxProvisioningRun(
  sandbox: Sandbox,
  logger: ProgressLogger = { info: () => {}, warn: () => {} },
): Promise<ProvisioningRun> {
  const aws = await new AwsClientFactory({
    credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
    endpoint: sandbox.url,
    defaultRegion: sandbox.region,
    defaultAccountId: sandbox.accountId,
  }).forTarget();
  return new ProvisioningRun({
    aws,
    wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.05 },
    logger,
  });
}

/** The Kubernetes clients of a sandbox cluster (the seeded `demo` unless named), as the flows reach it. */
export async function clusterKubernetesClients(
  run: ProvisioningRun,
  clusterName = 'demo',
): Promise<KubernetesClients> {
  return provisioningKubernetesClients(
    run,
    new KubernetesClientFactory(),
    await requireCluster(run, clusterName),
  );
}

/** What {@link useSandboxRun} gives a test file. */
export interface SandboxRunContext {
  /** The file's sandbox, back to its seeded state before each test. */
  readonly sandbox: Sandbox;
  /** A run against the sandbox, new for each test. */
  readonly run: ProvisioningRun;
  /** What the run logged in this test (info and warnings, in order). */
  readonly messages: string[];
  /** This test's run with other options (the same clients, waits and log). */
  runWith(options: { dryRun?: boolean; adopt?: boolean }): ProvisioningRun;
  /** The sandbox's writes so far, as `service:operation`. */
  writes(): string[];
}

/**
 * The setup of a test file that runs provisioning steps against a sandbox:
 * starts one at the given latency factor before the file's tests, stops it
 * after, and before each test resets it and makes a new run logging into
 * `messages`.
 */
export function useSandboxRun(options: {
  latencyFactor: number;
}): SandboxRunContext {
  let sandbox: Sandbox | undefined;
  let run: ProvisioningRun | undefined;
  const messages: string[] = [];
  const started = () => {
    if (!sandbox || !run) throw new Error('the sandbox is not running yet');
    return { sandbox, run };
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, ...options });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    if (!sandbox) throw new Error('the sandbox did not start');
    await sandbox.reset();
    messages.length = 0;
    const log = (message: string) => messages.push(message);
    run = await sandboxProvisioningRun(sandbox, { info: log, warn: log });
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox is not running yet');
      return sandbox;
    },
    get run() {
      return started().run;
    },
    messages,
    runWith: runOptions =>
      new ProvisioningRun({
        aws: started().run.aws,
        wait: started().run.wait,
        logger: started().run.logger,
        ...runOptions,
      }),
    writes: () =>
      started().sandbox.writes.map(w => `${w.service}:${w.operation}`),
  };
}
