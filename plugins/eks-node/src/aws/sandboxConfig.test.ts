import { DEFAULT_LATENCY_FACTOR } from '@backstage-eks/sandbox';
import { ConfigReader } from '@backstage/config';
import { AwsClientFactory } from './AwsClientFactory';
import {
  readSandboxSettings,
  SANDBOX_DEFAULT_LATENCY_FACTOR,
} from './sandboxConfig';

describe('readSandboxSettings', () => {
  it('is off unless enabled', () => {
    expect(readSandboxSettings(new ConfigReader({}))).toBeUndefined();
    expect(
      readSandboxSettings(
        new ConfigReader({ eks: { sandbox: { enabled: false } } }),
      ),
    ).toBeUndefined();
  });

  it('is on when enabled and no AWS credentials are configured', () => {
    expect(
      readSandboxSettings(
        new ConfigReader({ eks: { sandbox: { enabled: true, port: 5000 } } }),
      ),
    ).toEqual({
      port: 5000,
      host: '127.0.0.1',
      endpoint: 'http://127.0.0.1:5000',
      latencyFactor: undefined,
    });
  });

  it('switches off as soon as real aws.accounts or aws.mainAccount are configured', () => {
    const enabled = { sandbox: { enabled: true } };
    expect(
      readSandboxSettings(
        new ConfigReader({
          eks: enabled,
          aws: {
            accounts: [{ accountId: '123456789012', roleName: 'backstage' }],
          },
        }),
      ),
    ).toBeUndefined();
    expect(
      readSandboxSettings(
        new ConfigReader({
          eks: enabled,
          aws: { mainAccount: { accessKeyId: 'a', secretAccessKey: 'b' } },
        }),
      ),
    ).toBeUndefined();
  });
});

describe('AwsClientFactory in sandbox mode', () => {
  it('points at the sandbox and signs with the account id as access key', async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { defaultRegion: 'eu-west-1', sandbox: { enabled: true } },
      }),
    );
    expect(factory.endpoint).toBe('http://127.0.0.1:4599');
    const clients = await factory.forTarget({ accountId: '222222222222' });
    expect((await clients.credentials()).accessKeyId).toBe('222222222222');
    const defaults = await factory.forTarget();
    expect(defaults.target.accountId).toBe('000000000000');
  });

  it('lets eks.endpoint override the sandbox port', () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: 'http://127.0.0.1:1234', sandbox: { enabled: true } },
      }),
    );
    expect(factory.endpoint).toBe('http://127.0.0.1:1234');
  });
});

describe('SANDBOX_DEFAULT_LATENCY_FACTOR', () => {
  it("is the sandbox package's own default", () => {
    expect(SANDBOX_DEFAULT_LATENCY_FACTOR).toBe(DEFAULT_LATENCY_FACTOR);
  });
});
