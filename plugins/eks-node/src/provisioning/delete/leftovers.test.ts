import { CreateVolumeCommand } from '@aws-sdk/client-ec2';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG } from '../tags';
import { findClusterLoadBalancers, findLeftovers } from './leftovers';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

describe('leftovers', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const volumeTagged = async (key: string, value = 'owned') =>
    (
      await arrangeClients(run.aws).ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${sandbox.region}a`,
          Size: 10,
          VolumeType: 'gp3',
          TagSpecifications: [
            { ResourceType: 'volume', Tags: [{ Key: key, Value: value }] },
          ],
        }),
      )
    ).VolumeId;

  it('finds EC2 resources tagged for the cluster by each tag, once each, and not those of other clusters', async () => {
    const byKubernetesTag = await volumeTagged('kubernetes.io/cluster/shop');
    const byOwnTag = await volumeTagged(CLUSTER_TAG, 'shop');
    await volumeTagged('kubernetes.io/cluster/other');
    const found = await findLeftovers(run, 'shop');
    expect(found).toEqual([
      {
        type: 'EBS volume',
        id: byKubernetesTag,
        tag: 'kubernetes.io/cluster/shop',
      },
      { type: 'EBS volume', id: byOwnTag, tag: `${CLUSTER_TAG}=shop` },
    ]);
    expect(run.notes).toEqual([]);
  });

  it('finds nothing for a cluster nothing is tagged for', async () => {
    expect(await findLeftovers(run, 'nothing-here')).toEqual([]);
    expect(await findClusterLoadBalancers(run, 'nothing-here')).toEqual([]);
  });

  it('notes a check that fails and goes on with the others', async () => {
    const volume = await volumeTagged('kubernetes.io/cluster/shop');
    sandbox.faults.set({
      service: 'ec2',
      operation: 'DescribeInstances',
      serverErrorRate: 1,
    });
    const found = await findLeftovers(run, 'shop');
    sandbox.faults.clear();
    expect(found.map(f => f.id)).toEqual([volume]);
    expect(run.notes[0]).toMatch(
      /^Could not check for leftover EC2 instances: /,
    );
  });
});
