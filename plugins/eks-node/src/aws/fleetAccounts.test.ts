import { ListClustersCommand } from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from './AwsClientFactory';

/*
 * Several accounts end to end against a sandbox fleet, as the portal reaches
 * them: by the sandbox's own credentials (the key id is the account), and by
 * aws.accounts with a roleName (integration-aws-node's AssumeRole from the
 * main account; its STS client reaches the sandbox through the SDK's
 * AWS_ENDPOINT_URL_STS).
 */
describe('AwsClientFactory with several accounts of a sandbox fleet', () => {
  let sandbox: Sandbox;
  const env = process.env.AWS_ENDPOINT_URL_STS;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: false,
      fleet: { clusters: 40, accounts: 4, regions: 2 },
    });
    process.env.AWS_ENDPOINT_URL_STS = sandbox.url;
  });
  afterAll(async () => {
    if (env === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = env;
    await sandbox.stop();
  });

  const expected = (accountId: string, region: string) =>
    Object.keys(
      sandbox.snapshot().accounts[accountId].regions[region].eks.clusters,
    ).sort();

  const listed = async (
    factory: AwsClientFactory,
    accountId: string,
    region: string,
  ) =>
    (
      await (
        await factory.forTarget({ accountId, region })
      ).eks.send(new ListClustersCommand({}))
    ).clusters;

  it("lists each account's own clusters with the sandbox credentials", async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: {
          sandbox: { enabled: true, port: Number(new URL(sandbox.url).port) },
          defaultRegion: 'eu-west-1',
        },
      }),
    );
    for (const accountId of ['000000000000', '111111111111', '333333333333']) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        const names = await listed(factory, accountId, region);
        expect(names).toHaveLength(5);
        expect(names).toEqual(expected(accountId, region));
      }
    }
    expect(await listed(factory, '111111111111', 'eu-west-1')).not.toEqual(
      await listed(factory, '222222222222', 'eu-west-1'),
    );
  });

  it("lists account B's clusters through aws.accounts: AssumeRole of B's role from the main account", async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: {
            accessKeyId: '000000000000',
            secretAccessKey: 'sandbox',
          },
          accounts: ['111111111111', '222222222222'].map(accountId => ({
            accountId,
            roleName: 'backstage-eks',
          })),
        },
        eks: { endpoint: sandbox.url, defaultRegion: 'us-east-1' },
      }),
    );
    const clients = await factory.forTarget({ accountId: '222222222222' });
    // temporary credentials of B's role, issued by the sandbox's STS
    expect((await clients.credentials()).accessKeyId).toMatch(/^ASIA/);
    expect(await listed(factory, '222222222222', 'us-east-1')).toEqual(
      expected('222222222222', 'us-east-1'),
    );
    expect(await listed(factory, '111111111111', 'eu-west-1')).toEqual(
      expected('111111111111', 'eu-west-1'),
    );
  });

  it('refuses an account whose role does not exist, as STS does', async () => {
    const factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: {
            accessKeyId: '000000000000',
            secretAccessKey: 'sandbox',
          },
          accounts: [{ accountId: '999999999999', roleName: 'backstage-eks' }],
        },
        eks: { endpoint: sandbox.url, defaultRegion: 'us-east-1' },
      }),
    );
    await expect(listed(factory, '999999999999', 'us-east-1')).rejects.toThrow(
      /not authorized to perform: sts:AssumeRole/,
    );
  });
});
