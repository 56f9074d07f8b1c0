import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../../aws/sandboxConfig';
import { ProvisioningRun } from '../ProvisioningRun';
import { checkInstanceTypesOffered, checkRegion } from './ec2Offerings';

describe('regions and instance type offerings against the sandbox', () => {
  let sandbox: Sandbox;
  const runIn = async (region: string) =>
    new ProvisioningRun({
      aws: await new AwsClientFactory({
        credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
        endpoint: sandbox.url,
        defaultRegion: sandbox.region,
        defaultAccountId: sandbox.accountId,
      }).forTarget({ region }),
    });
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.clearWrites());

  it('accepts an enabled region and refuses an unknown or not enabled one', async () => {
    await checkRegion(await runIn('eu-west-1'));
    await expect(checkRegion(await runIn('xx-nowhere-1'))).rejects.toThrow(
      /^region must be an AWS region \(EC2 DescribeRegions does not list "xx-nowhere-1"\)$/,
    );
    await expect(checkRegion(await runIn('af-south-1'))).rejects.toThrow(
      /region must be a region enabled for account 000000000000: af-south-1 is an opt-in region/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses instance types EC2 does not offer in the region, naming the item', async () => {
    const run = await runIn('eu-west-1');
    await checkInstanceTypesOffered(run, 'nodeGroup.instanceTypes', [
      'm7i.large',
      't3.medium',
    ]);
    await expect(
      checkInstanceTypesOffered(run, 'nodeGroup.instanceTypes', [
        'm7i.large',
        'banana.large',
      ]),
    ).rejects.toThrow(
      /^nodeGroup\.instanceTypes\[1\] must be an EC2 instance type offered in eu-west-1: "banana\.large" is not/,
    );
    await expect(
      checkInstanceTypesOffered(run, 'nodeGroup.instanceTypes', [
        'p4de.24xlarge',
      ]),
    ).rejects.toThrow(/"p4de\.24xlarge" is not/);
    await checkInstanceTypesOffered(
      await runIn('us-east-1'),
      'nodeGroup.instanceTypes',
      ['p4de.24xlarge'],
    );
    expect(sandbox.writes).toEqual([]);
  });
});
