import { Config } from '@backstage/config';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';

/** The account the sandbox uses when none is named. @public */
export const SANDBOX_DEFAULT_ACCOUNT_ID = '000000000000';
/** The sandbox's default port. @public */
export const SANDBOX_DEFAULT_PORT = 4599;

/**
 * The latency factor the sandbox runs at when none is configured (the
 * sandbox package's own default, for a sandbox started apart from the
 * backend).
 *
 * @public
 */
export const SANDBOX_DEFAULT_LATENCY_FACTOR = 0.02;

/** How the sandbox is set up, when it is in use. @public */
export interface SandboxSettings {
  port: number;
  host: string;
  latencyFactor?: number;
  endpoint: string;
}

/**
 * The sandbox settings when the sandbox is in use, else undefined.
 *
 * The sandbox is used when `eks.sandbox.enabled` is true and no real AWS
 * credentials are configured: as soon as `aws.accounts` or `aws.mainAccount`
 * is set, every call goes to AWS instead.
 *
 * @public
 */
export function readSandboxSettings(
  config: Config,
): SandboxSettings | undefined {
  if (!config.getOptionalBoolean('eks.sandbox.enabled')) {
    return undefined;
  }
  if (config.has('aws.accounts') || config.has('aws.mainAccount')) {
    return undefined;
  }
  const port =
    config.getOptionalNumber('eks.sandbox.port') ?? SANDBOX_DEFAULT_PORT;
  const host = config.getOptionalString('eks.sandbox.host') ?? '127.0.0.1';
  return {
    port,
    host,
    latencyFactor: config.getOptionalNumber('eks.sandbox.latencyFactor'),
    endpoint: `http://${host}:${port}`,
  };
}

/**
 * Credentials for the sandbox: the access key id is the account id, which is
 * how the sandbox tells accounts apart.
 *
 * @public
 */
export class SandboxCredentialsManager implements AwsCredentialsManager {
  constructor(private readonly defaultAccountId = SANDBOX_DEFAULT_ACCOUNT_ID) {}

  async getCredentialProvider(opts?: { accountId?: string; arn?: string }) {
    const accountId =
      opts?.accountId ?? opts?.arn?.split(':')[4] ?? this.defaultAccountId;
    return {
      accountId,
      sdkCredentialProvider: async () => ({
        accessKeyId: accountId,
        secretAccessKey: 'sandbox',
      }),
    };
  }
}
