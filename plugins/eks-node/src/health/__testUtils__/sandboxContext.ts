import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory, type AwsClients } from '../../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../../aws/sandboxConfig';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import type { ObserveContext } from '../observe/context';
import { ClusterHealthService } from '../ClusterHealthService';

/**
 * The context a health document's reads work with, for a cluster of a
 * sandbox's default account and region (`demo`, the seeded one, unless
 * named), with the product's defaults unless overridden.
 */
export async function sandboxObserveContext(
  sandbox: Sandbox,
  overrides: Partial<Omit<ObserveContext, 'aws' | 'target'>> & {
    clusterName?: string;
    maxAttempts?: number;
  } = {},
): Promise<ObserveContext> {
  const { clusterName = 'demo', maxAttempts, ...rest } = overrides;
  const aws = await new AwsClientFactory({
    credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
    endpoint: sandbox.url,
    defaultRegion: sandbox.region,
    defaultAccountId: sandbox.accountId,
    maxAttempts,
  }).forTarget();
  return {
    target: {
      accountId: sandbox.accountId,
      region: sandbox.region,
      clusterName,
    },
    aws,
    kubernetes: new KubernetesClientFactory(),
    awsTimeoutMs: 15000,
    kubernetesTimeoutMs: 10000,
    describeConcurrency: 64,
    guessedQueueName: `Karpenter-${clusterName}`,
    ...rest,
  };
}

/**
 * A sandbox for a test file: started before its tests, reset before each
 * (unless `reset: false`), stopped after; `log` holds the lines of the calls
 * it answered since the last reset.
 */
export function useSandbox(opts: { reset?: boolean } = {}) {
  const state = {
    sandbox: undefined as unknown as Sandbox,
    log: [] as string[],
  };
  beforeAll(async () => {
    state.sandbox = await startSandbox({
      port: 0,
      log: line => state.log.push(line),
    });
  });
  afterAll(async () => {
    await state.sandbox.stop();
  });
  beforeEach(async () => {
    if (opts.reset !== false) await state.sandbox.reset();
    state.log.length = 0;
  });
  return state;
}

/** What each test of a {@link useHealthService} file gets. */
export interface HealthServiceState {
  sandbox: Sandbox;
  /** The AWS clients of the sandbox's default account and region. */
  aws: AwsClients;
  /** The service as the backend builds it from config, on the sandbox. */
  service: ClusterHealthService;
}

/**
 * A ClusterHealthService on a sandbox for a test file: the sandbox as
 * {@link useSandbox} runs it (reset before each test), the service built
 * from `eks` config pointing at it; `use` receives them before each test.
 *
 * @example
 *   let service: ClusterHealthService;
 *   useHealthService(s => ({ service } = s));
 */
export function useHealthService(use: (state: HealthServiceState) => void) {
  const env = useSandbox();
  let state: HealthServiceState;
  beforeAll(async () => {
    const awsClients = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: env.sandbox.url, sandbox: { enabled: true } },
      }),
    );
    state = {
      sandbox: env.sandbox,
      aws: await awsClients.forTarget({
        accountId: env.sandbox.accountId,
        region: env.sandbox.region,
      }),
      service: new ClusterHealthService({ awsClients }),
    };
  });
  beforeEach(() => use(state));
}

/** The calls a sandbox answered, as `service Operation`, from its request log. */
export function answeredCalls(log: string[]): string[] {
  return log
    .map(line => line.split(' '))
    .map(([, , service, operation]) => `${service} ${operation}`);
}

/** Creates an IAM role that `service` may assume (with session tags); its ARN. */
export async function createServiceRole(
  aws: AwsClients,
  name: string,
  service: string,
): Promise<string> {
  const { Role } = await aws.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: service },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
          },
        ],
      }),
    }),
  );
  return Role!.Arn!;
}
