import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListClustersCommand } from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import {
  CALL_LOG_ENV,
  startSandbox,
  type SandboxCall,
} from '@backstage-eks/sandbox';
import { AwsClientFactory, PRODUCT_USER_AGENT } from './AwsClientFactory';
import { version } from '../../package.json';

// The resolved strategy carries the mode (StandardRetryStrategy / AdaptiveRetryStrategy).
const retryMode = async (client: {
  config: { retryStrategy: () => Promise<object> };
}) => ((await client.config.retryStrategy()) as { mode?: string }).mode;

const config = (eks: object) =>
  new ConfigReader({
    aws: {
      accounts: [
        {
          accountId: '111111111111',
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
        },
      ],
    },
    eks,
  });

describe('AwsClientFactory', () => {
  it('builds clients for the account and region with the endpoint override and adaptive retry', async () => {
    const factory = AwsClientFactory.fromConfig(
      config({ endpoint: 'http://127.0.0.1:4599', defaultRegion: 'eu-west-1' }),
    );
    const clients = await factory.forTarget({ accountId: '111111111111' });
    expect(clients.target).toEqual({
      region: 'eu-west-1',
      accountId: '111111111111',
    });
    expect(await clients.eks.config.region()).toBe('eu-west-1');
    const endpoint = await clients.iam.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe(
      'http://127.0.0.1:4599',
    );
    expect(await retryMode(clients.sqs)).toBe('adaptive');
    expect(await clients.eks.config.maxAttempts()).toBe(8);
    const creds = await clients.credentials();
    expect(creds.accessKeyId).toBe('AKIDEXAMPLE');
  });

  it('caches clients per account and region', async () => {
    const factory = AwsClientFactory.fromConfig(config({}));
    const a = await factory.forTarget({
      region: 'us-east-1',
      accountId: '111111111111',
    });
    const b = await factory.forTarget({
      region: 'us-east-1',
      accountId: '111111111111',
    });
    const c = await factory.forTarget({
      region: 'us-west-2',
      accountId: '111111111111',
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('names the field when region or account is missing or malformed', () => {
    const factory = AwsClientFactory.fromConfig(config({}));
    expect(() => factory.resolveTarget({})).toThrow(
      /region is required: pass it, or set eks.defaultRegion/,
    );
    expect(() => factory.resolveTarget({ region: 'Europe' })).toThrow(
      /region must be an AWS region/,
    );
    expect(() =>
      factory.resolveTarget({ region: 'eu-west-1', accountId: '12' }),
    ).toThrow(/accountId must be a 12-digit AWS account id/);
  });

  it('honours the configured retry settings', async () => {
    const factory = AwsClientFactory.fromConfig(
      config({ retry: { maxAttempts: 3, mode: 'standard' } }),
    );
    const clients = await factory.forTarget({
      region: 'eu-west-1',
      accountId: '111111111111',
    });
    expect(await clients.eks.config.maxAttempts()).toBe(3);
    expect(await retryMode(clients.eks)).toBe('standard');
  });

  it('sends the product user agent, backstage-eks/<version>, with every call', async () => {
    expect(PRODUCT_USER_AGENT).toBe(`backstage-eks/${version}`);
    const dir = mkdtempSync(join(tmpdir(), 'eks-node-user-agent-'));
    const log = join(dir, 'calls.jsonl');
    const previous = process.env[CALL_LOG_ENV];
    process.env[CALL_LOG_ENV] = log;
    const sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
    try {
      const factory = AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      );
      const { eks } = await factory.forTarget({ region: 'eu-west-1' });
      await eks.send(new ListClustersCommand({}));
      const calls = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map(line => JSON.parse(line) as SandboxCall);
      expect(calls).toContainEqual(
        expect.objectContaining({
          service: 'eks',
          operation: 'ListClusters',
          userAgent: expect.stringContaining(PRODUCT_USER_AGENT),
        }),
      );
    } finally {
      await sandbox.stop();
      if (previous === undefined) delete process.env[CALL_LOG_ENV];
      else process.env[CALL_LOG_ENV] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a factory with a request gate awaits it before every attempt, retries included, and leaves its own clients ungated', async () => {
    const sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
    try {
      const factory = AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      );
      const gated: string[] = [];
      const limited = factory.withRequestGate(async target => {
        gated.push(`${target.accountId}/${target.region}`);
      });
      sandbox.faults.set({
        service: 'eks',
        operation: 'ListClusters',
        throttleRate: 1,
        count: 2,
      });
      const { eks } = await limited.forTarget({ region: 'eu-west-1' });
      await eks.send(new ListClustersCommand({}));
      expect(gated).toEqual([
        '000000000000/eu-west-1',
        '000000000000/eu-west-1',
        '000000000000/eu-west-1',
      ]);
      const own = await factory.forTarget({ region: 'eu-west-1' });
      expect(own.eks).not.toBe(eks);
      await own.eks.send(new ListClustersCommand({}));
      expect(gated).toHaveLength(3);
    } finally {
      await sandbox.stop();
    }
  });
});
