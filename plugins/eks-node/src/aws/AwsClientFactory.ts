import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import {
  validateAccountId,
  validateRegion,
} from '@backstage-eks/plugin-eks-common';
import {
  readSandboxSettings,
  SANDBOX_DEFAULT_ACCOUNT_ID,
  SandboxCredentialsManager,
} from './sandboxConfig';
import { version } from '../../package.json';

/**
 * The user agent every product client adds to its requests
 * (`backstage-eks/<eks-node version>`): what tells the product's calls from
 * other callers in CloudTrail and in the sandbox's call log.
 */
export const PRODUCT_USER_AGENT = `backstage-eks/${version}`;

/** Where a call goes: an account (for credentials) and a region. @public */
export interface AwsTarget {
  region: string;
  accountId?: string;
}

/** The AWS clients for one account and region. @public */
export interface AwsClients {
  target: Required<AwsTarget>;
  eks: EKSClient;
  iam: IAMClient;
  ec2: EC2Client;
  sqs: SQSClient;
  eventBridge: EventBridgeClient;
  sts: STSClient;
  elbv2: ElasticLoadBalancingV2Client;
  /** The credentials the clients use (also signs Kubernetes tokens). */
  credentials: AwsCredentialIdentityProvider;
  /** The endpoint override, when calls go to the sandbox. */
  endpoint?: string;
}

/**
 * Connections per client and endpoint (the SDK's default is 50): room for a
 * health view's Describe* fan-out (DEFAULT_DESCRIBE_CONCURRENCY per kind)
 * without queueing for a socket.
 */
const MAX_SOCKETS_PER_CLIENT = 128;

/** Options of {@link AwsClientFactory}. @public */
export interface AwsClientFactoryOptions {
  credentialsManager: AwsCredentialsManager;
  endpoint?: string;
  defaultRegion?: string;
  defaultAccountId?: string;
  maxAttempts?: number;
  retryMode?: 'adaptive' | 'standard';
  /**
   * Awaited before each attempt of every request of the clients (retries
   * included, before signing): a rate limit per account and region.
   */
  requestGate?: RequestGate;
}

/**
 * Resolves when a request to the account and region may be sent (a rate
 * limiter's turn). @public
 */
export type RequestGate = (target: Required<AwsTarget>) => Promise<void>;

/** Adds the gate to a client's middleware stack: after the retry middleware (each attempt waits its turn), before signing. */
function gateRequests(
  client: { middlewareStack: EKSClient['middlewareStack'] },
  gate: RequestGate,
  target: Required<AwsTarget>,
) {
  client.middlewareStack.addRelativeTo(
    (next: (args: any) => Promise<any>) => async (args: any) => {
      await gate(target);
      return next(args);
    },
    {
      name: 'backstageEksRequestGate',
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
    },
  );
}

/**
 * Builds AWS SDK v3 clients for an account and region, with credentials from
 * `aws.accounts` (`@backstage/integration-aws-node`), the adaptive retry mode
 * (which backs off on throttling), and the `eks.endpoint` override that points
 * every client at the local sandbox. Clients are cached per account and region.
 *
 * @public
 */
export class AwsClientFactory {
  private readonly cache = new Map<string, Promise<AwsClients>>();

  static fromConfig(
    config: Config,
    opts: { credentialsManager?: AwsCredentialsManager } = {},
  ): AwsClientFactory {
    const eks = config.getOptionalConfig('eks');
    const sandbox = readSandboxSettings(config);
    return new AwsClientFactory({
      credentialsManager:
        opts.credentialsManager ??
        (sandbox
          ? new SandboxCredentialsManager(
              eks?.getOptionalString('defaultAccountId'),
            )
          : DefaultAwsCredentialsManager.fromConfig(config)),
      endpoint: eks?.getOptionalString('endpoint') ?? sandbox?.endpoint,
      defaultRegion: eks?.getOptionalString('defaultRegion'),
      defaultAccountId:
        eks?.getOptionalString('defaultAccountId') ??
        (sandbox ? SANDBOX_DEFAULT_ACCOUNT_ID : undefined),
      maxAttempts: eks?.getOptionalNumber('retry.maxAttempts'),
      retryMode: eks?.getOptionalString('retry.mode') as
        | 'adaptive'
        | 'standard'
        | undefined,
    });
  }

  constructor(private readonly options: AwsClientFactoryOptions) {}

  /**
   * A factory with the same settings and clients of its own, every request
   * of which first awaits `gate` (the fleet's rate limit): the clients of
   * this factory are left as they are.
   */
  withRequestGate(gate: RequestGate): AwsClientFactory {
    return new AwsClientFactory({ ...this.options, requestGate: gate });
  }

  /** The endpoint override, if any. */
  get endpoint(): string | undefined {
    return this.options.endpoint;
  }

  /**
   * Fills in the configured default region and account, and checks both.
   * Throws an InputError naming the field when one is missing or malformed.
   */
  resolveTarget(target: Partial<AwsTarget> = {}): Required<AwsTarget> {
    const region = target.region ?? this.options.defaultRegion;
    if (!region) {
      throw new InputError(
        'region is required: pass it, or set eks.defaultRegion in app-config',
      );
    }
    const regionProblem = validateRegion(region);
    if (regionProblem) {
      throw new InputError(`region ${regionProblem}`);
    }
    const accountId = target.accountId ?? this.options.defaultAccountId ?? '';
    if (accountId) {
      const accountProblem = validateAccountId(accountId);
      if (accountProblem) {
        throw new InputError(`accountId ${accountProblem}`);
      }
    }
    return { region, accountId };
  }

  /** The clients for an account and region. */
  async forTarget(target: Partial<AwsTarget> = {}): Promise<AwsClients> {
    const resolved = this.resolveTarget(target);
    const key = `${resolved.accountId}/${resolved.region}`;
    let clients = this.cache.get(key);
    if (!clients) {
      clients = this.create(resolved);
      this.cache.set(key, clients);
      clients.catch(() => this.cache.delete(key));
    }
    return clients;
  }

  /**
   * The credentials of the target's account. An account the portal has no
   * credentials for is the caller's input: an InputError naming accountId
   * (integration-aws-node throws a plain Error, which routes would answer
   * with 500).
   */
  private async credentialProvider(target: Required<AwsTarget>) {
    try {
      return await this.options.credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    } catch (error) {
      if (!target.accountId) throw error;
      throw new InputError(
        `accountId ${
          target.accountId
        } has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account (${
          error instanceof Error ? error.message : String(error)
        })`,
      );
    }
  }

  private async create(target: Required<AwsTarget>): Promise<AwsClients> {
    const provider = await this.credentialProvider(target);
    const { endpoint } = this.options;
    const agent = { maxSockets: MAX_SOCKETS_PER_CLIENT };
    const common = {
      region: target.region,
      requestHandler: { httpAgent: agent, httpsAgent: agent },
      credentials: provider.sdkCredentialProvider,
      maxAttempts: this.options.maxAttempts ?? 8,
      retryMode: this.options.retryMode ?? 'adaptive',
      customUserAgent: PRODUCT_USER_AGENT,
      ...(endpoint ? { endpoint } : {}),
    };
    const gate = this.options.requestGate;
    const gated = <C extends { middlewareStack: any }>(client: C): C => {
      if (gate) gateRequests(client, gate, target);
      return client;
    };
    const sts = gated(new STSClient(common));
    // Without a configured account, the credentials' own account is the target.
    const accountId =
      target.accountId ||
      provider.accountId ||
      (await sts.send(new GetCallerIdentityCommand({}))).Account ||
      '';
    return {
      target: { region: target.region, accountId },
      eks: gated(new EKSClient(common)),
      iam: gated(new IAMClient(common)),
      ec2: gated(new EC2Client(common)),
      sqs: gated(new SQSClient(common)),
      eventBridge: gated(new EventBridgeClient(common)),
      sts,
      elbv2: gated(new ElasticLoadBalancingV2Client(common)),
      credentials: provider.sdkCredentialProvider,
      endpoint,
    };
  }
}
