import {
  CreateClusterCommand,
  DescribeClusterCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import { AwsClientFactory } from '../../aws/AwsClientFactory';
import type { useSandbox } from '../../health/__testUtils__/sandboxContext';

type SandboxState = ReturnType<typeof useSandbox>;

/** The sandbox's default account and its default region. */
export const FLEET_TEST_TARGET = {
  accountId: '000000000000',
  region: 'eu-west-1',
};

/** The AWS clients' factory of a portal on the sandbox, as app-config builds it. */
export function sandboxFactory(env: SandboxState, maxAttempts?: number) {
  return AwsClientFactory.fromConfig(
    new ConfigReader({
      eks: {
        endpoint: env.sandbox.url,
        sandbox: { enabled: true },
        ...(maxAttempts ? { retry: { maxAttempts } } : {}),
      },
    }),
  );
}

/** The calls the sandbox answered since the log was cleared, as `service Operation` (Kubernetes as `kubernetes ...`). */
export function answeredCalls(env: SandboxState): string[] {
  return env.log
    .map(line => line.split(' '))
    .map(([, , service, operation]) => `${service} ${operation}`);
}

/** Each answered call's service and when it arrived and ended (ms), from the log line's time and duration. */
export function answeredSpans(
  env: SandboxState,
): Array<{ service: string; start: number; end: number }> {
  return env.log.map(line => {
    const end = Date.parse(line.split(' ')[0]);
    return {
      service: line.split(' ')[2],
      start: end - Number(/(\d+)ms$/.exec(line)![1]),
      end,
    };
  });
}

/** The clients of the default account and region, unlimited (the test's own calls). */
export async function arrangeEks(env: SandboxState) {
  const aws = await sandboxFactory(env).forTarget(FLEET_TEST_TARGET);
  return arrangeClients(aws).eks;
}

/** Creates an ACTIVE cluster beside the seeded `demo`, in its subnets. */
export async function createFleetCluster(
  env: SandboxState,
  name: string,
  version = '1.34',
) {
  const eks = await arrangeEks(env);
  const { cluster: demo } = await eks.send(
    new DescribeClusterCommand({ name: 'demo' }),
  );
  await eks.send(
    new CreateClusterCommand({
      name,
      version,
      roleArn: demo!.roleArn,
      resourcesVpcConfig: { subnetIds: demo!.resourcesVpcConfig!.subnetIds },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      tags: { owner: 'group:default/payments' },
    }),
  );
  await waitUntilClusterActive(
    { client: eks, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.1 } as never,
    { name },
  );
}
