import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { AwsClients } from '../aws/AwsClientFactory';
import { resolveAddonVersion } from './addons/addonVersion';
import { resolveClusterVersion } from './cluster/clusterVersion';
import { selectSubnets } from './cluster/subnets';
import { ProvisioningRun } from './ProvisioningRun';

/**
 * The reads that list what AWS offers follow every page (the SDK's
 * paginators): a client that answers in pages, recording what it was sent.
 */
describe('paged reads of the provisioning flows', () => {
  const paged = <C extends EKSClient | EC2Client>(
    client: C,
    pages: Record<string, unknown>[],
    token: string,
  ) => {
    const inputs: Record<string, unknown>[] = [];
    Object.assign(client, {
      send: async (command: { input: Record<string, unknown> }) => {
        // the paginator reuses its input object: record what was sent
        inputs.push({ ...command.input });
        const page = pages[inputs.length - 1];
        return inputs.length < pages.length
          ? { ...page, [token]: `page-${inputs.length + 1}` }
          : page;
      },
    });
    return { client, inputs };
  };
  const clientOptions = () => ({ region: 'eu-west-1' });
  const runWith = (clients: Partial<AwsClients>) =>
    new ProvisioningRun({
      aws: {
        target: { accountId: '111111111111', region: 'eu-west-1' },
        ...clients,
      } as AwsClients,
    });

  it('resolveClusterVersion sees the versions of every page', async () => {
    const { client, inputs } = paged(
      new EKSClient(clientOptions()),
      [
        { clusterVersions: [{ clusterVersion: '1.31' }] },
        { clusterVersions: [{ clusterVersion: '1.33' }] },
        { clusterVersions: [{ clusterVersion: '1.32' }] },
      ],
      'nextToken',
    );
    const run = runWith({ eks: client });
    await expect(resolveClusterVersion(run)).resolves.toBe('1.33');
    expect(inputs.map(i => i.nextToken)).toEqual([
      undefined,
      'page-2',
      'page-3',
    ]);
  });

  it('resolveAddonVersion sees the versions of every page', async () => {
    const addon = (version: string) => ({
      addonName: 'coredns',
      addonVersions: [{ addonVersion: version, compatibilities: [] }],
    });
    const { client, inputs } = paged(
      new EKSClient(clientOptions()),
      [
        { addons: [addon('v1.11.1-eksbuild.1')] },
        { addons: [addon('v1.11.4-eksbuild.2')] },
      ],
      'nextToken',
    );
    const run = runWith({ eks: client });
    const resolved = await resolveAddonVersion(run, {
      field: 'name',
      versionField: 'version',
      addonName: 'coredns',
      requested: 'latest',
      kubernetesVersion: '1.33',
    });
    expect(resolved.version).toBe('v1.11.4-eksbuild.2');
    expect(inputs).toEqual([
      { addonName: 'coredns', kubernetesVersion: '1.33', nextToken: undefined },
      { addonName: 'coredns', kubernetesVersion: '1.33', nextToken: 'page-2' },
    ]);
  });

  it('selectSubnets sees the subnets of every page', async () => {
    const subnet = (id: string, zone: string) => ({
      SubnetId: id,
      VpcId: 'vpc-1',
      AvailabilityZone: zone,
    });
    const { client, inputs } = paged(
      new EC2Client(clientOptions()),
      [
        { Subnets: [subnet('subnet-a', 'eu-west-1a')] },
        { Subnets: [subnet('subnet-b', 'eu-west-1b')] },
      ],
      'NextToken',
    );
    const run = runWith({ ec2: client });
    const selection = await selectSubnets(run, {
      subnetIds: ['subnet-a', 'subnet-b'],
    });
    expect(selection.subnetIds).toEqual(['subnet-a', 'subnet-b']);
    expect(inputs.map(i => i.NextToken)).toEqual([undefined, 'page-2']);
  });
});
