import {
  DescribeAddonCommand,
  DescribeClusterCommand,
} from '@aws-sdk/client-eks';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import {
  availableAddonNames,
  createClusterWithAddons,
  sandboxAwsClients,
} from './clusters';

// The benchmarks' own fixture: if it throws, `yarn bench` measures nothing.
describe('createClusterWithAddons, the health benchmarks’ cluster', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
  });
  afterAll(() => sandbox.stop());

  it('installs the add-ons on a cluster without nodes, though those with pods end DEGRADED', async () => {
    const aws = await sandboxAwsClients(sandbox);
    await createClusterWithAddons(aws, {
      clusterName: 'bench-fixture',
      addonCount: 4,
      wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.05 },
    });

    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'bench-fixture' }),
    );
    const names = (await availableAddonNames(aws, cluster!.version!)).slice(
      0,
      4,
    );
    const statuses = await Promise.all(
      names.map(async addonName => {
        const { addon } = await aws.eks.send(
          new DescribeAddonCommand({ clusterName: 'bench-fixture', addonName }),
        );
        return addon?.status;
      }),
    );
    expect(statuses).toHaveLength(4);
    for (const status of statuses) {
      expect(['ACTIVE', 'DEGRADED']).toContain(status);
    }
    // the case that broke the fixture: an add-on with pods and no node
    expect(statuses).toContain('DEGRADED');
  }, 60_000);
});
