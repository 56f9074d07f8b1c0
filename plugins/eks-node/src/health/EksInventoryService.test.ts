import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { EksInventoryService } from './EksInventoryService';

describe('EksInventoryService against the sandbox', () => {
  let sandbox: Sandbox;
  let inventory: EksInventoryService;
  const target = { region: 'eu-west-1', accountId: '000000000000' };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    inventory = new EksInventoryService(
      AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ),
    );
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('discovers the demo cluster with its endpoint and CA', async () => {
    const [demo] = await inventory.discoverClusters(target);
    expect(demo).toMatchObject({
      name: 'demo',
      arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
      status: 'ACTIVE',
      version: '1.33',
      endpoint: sandbox.clusterEndpoint('demo'),
      certificateAuthorityData: expect.any(String),
    });
    expect(await inventory.listClusters(target)).toEqual([
      {
        name: 'demo',
        arn: demo.arn,
        region: 'eu-west-1',
        accountId: '000000000000',
        status: 'ACTIVE',
        version: '1.33',
      },
    ]);
  });

  it('lists Kubernetes versions newest first with one default', async () => {
    const { versions } = await inventory.kubernetesVersions(target);
    const names = versions.map(v => v.version);
    expect(names).toContain('1.33');
    expect(
      [...names].sort(
        (a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]),
      ),
    ).toEqual(names);
    expect(versions.filter(v => v.default)).toHaveLength(1);
    // Both support dates of DescribeClusterVersions reach the form's picker.
    for (const version of versions) {
      expect(version.endOfStandardSupport).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(version.endOfExtendedSupport).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('lists add-on versions compatible with a Kubernetes version, newest first', async () => {
    const { addons } = await inventory.addonVersions(
      { kubernetesVersion: '1.33', addonName: 'vpc-cni' },
      target,
    );
    expect(addons).toHaveLength(1);
    expect(addons[0].versions.filter(v => v.default)).toHaveLength(1);
  });

  it('resolves "default" for an add-on configuration and rejects it without a Kubernetes version', async () => {
    const configuration = await inventory.addonConfiguration(
      {
        addonName: 'aws-ebs-csi-driver',
        version: 'default',
        kubernetesVersion: '1.33',
      },
      target,
    );
    expect(configuration.addonVersion).toMatch(/^v\d/);
    expect(configuration.configurationSchema).toEqual(
      expect.objectContaining({}),
    );
    await expect(
      inventory.addonConfiguration(
        { addonName: 'vpc-cni', version: 'default' },
        target,
      ),
    ).rejects.toThrow(/kubernetesVersion is required/);
  });

  it('resolves "latest" to the newest compatible version, and answers an exact one as asked', async () => {
    const { addons } = await inventory.addonVersions(
      { kubernetesVersion: '1.33', addonName: 'vpc-cni' },
      target,
    );
    const newest = addons[0].versions[0].version;
    const latest = await inventory.addonConfiguration(
      { addonName: 'vpc-cni', version: 'latest', kubernetesVersion: '1.33' },
      target,
    );
    expect(latest.addonVersion).toBe(newest);
    const exact = await inventory.addonConfiguration(
      { addonName: 'vpc-cni', version: newest },
      target,
    );
    expect(exact).toEqual(latest);
  });

  it('says which add-on version does not exist, as not found', async () => {
    await expect(
      inventory.addonConfiguration(
        { addonName: 'vpc-cni', version: 'v0.0.1-eksbuild.1' },
        target,
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'add-on vpc-cni version v0.0.1-eksbuild.1 not found',
    });
  });
});
