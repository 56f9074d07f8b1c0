import type { Sandbox } from 'sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../aws/sandboxConfig';
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
