import type { Sandbox } from 'sandbox';
import { AwsClientFactory } from '../../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../../aws/sandboxConfig';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import type { ObserveContext } from '../observe/context';

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
