import {
  CreateSubnetCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ec2Client, eventually } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';
import type { Instance, NetworkInterface } from './model';

const ACCOUNT = '000000000000';

/** What a cluster leaves in EC2: instances to terminate, ENIs that block the VPC's deletion. */
describe('EC2: terminating instances and the network interfaces left behind', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const ec2State = () => sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
  const subnet = () => [...ec2State().subnets.values()][0];

  function addInstance(id: string): Instance {
    const s = subnet();
    const instance: Instance = {
      instanceId: id,
      instanceType: 'm5.large',
      imageId: 'ami-0a1b2c3d4e5f60789',
      state: 'running',
      subnetId: s.subnetId,
      vpcId: s.vpcId,
      availabilityZone: s.availabilityZone,
      privateIpAddress: '10.0.0.50',
      privateDnsName: 'ip-10-0-0-50.eu-west-1.compute.internal',
      launchTime: new Date(),
      metadataOptions: {
        httpTokens: 'required',
        httpPutResponseHopLimit: 2,
        httpEndpoint: 'enabled',
      },
      securityGroupIds: [],
      tags: { 'karpenter.sh/nodepool': 'default' },
    };
    ec2State().instances.set(id, instance);
    return instance;
  }

  function addInterface(
    id: string,
    status: NetworkInterface['status'],
    groupIds: string[] = [],
  ): NetworkInterface {
    const s = subnet();
    const eni: NetworkInterface = {
      networkInterfaceId: id,
      subnetId: s.subnetId,
      vpcId: s.vpcId,
      availabilityZone: s.availabilityZone,
      privateIpAddress: '10.0.0.60',
      description: 'aws-K8S-i-0123456789abcdef0',
      interfaceType: 'interface',
      status,
      groupIds,
      tags: { 'cluster.k8s.amazonaws.com/name': 'demo' },
    };
    ec2State().networkInterfaces.set(id, eni);
    return eni;
  }

  it('terminates instances: shutting-down, then terminated; an unknown id changes nothing', async () => {
    const ec2 = ec2Client(sandbox);
    addInstance('i-0aaaaaaaaaaaaaaa1');
    addInstance('i-0aaaaaaaaaaaaaaa2');
    await expect(
      ec2.send(
        new TerminateInstancesCommand({
          InstanceIds: ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb9'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect(ec2State().instances.get('i-0aaaaaaaaaaaaaaa1')!.state).toBe(
      'running',
    );
    const out = await ec2.send(
      new TerminateInstancesCommand({
        InstanceIds: ['i-0aaaaaaaaaaaaaaa1', 'i-0aaaaaaaaaaaaaaa2'],
      }),
    );
    expect(out.TerminatingInstances?.map(t => t.CurrentState?.Name)).toEqual([
      'shutting-down',
      'shutting-down',
    ]);
    expect(out.TerminatingInstances?.[0].PreviousState).toEqual({
      Code: 16,
      Name: 'running',
    });
    await eventually(async () => {
      const { Reservations = [] } = await ec2.send(
        new DescribeInstancesCommand({
          Filters: [{ Name: 'instance-state-name', Values: ['terminated'] }],
        }),
      );
      return Reservations.length === 2;
    });
  });

  it('describes network interfaces by tag and status, and deletes an available one but not one in use', async () => {
    const ec2 = ec2Client(sandbox);
    addInterface('eni-0aaaaaaaaaaaaaaa1', 'available');
    addInterface('eni-0aaaaaaaaaaaaaaa2', 'in-use');
    const { NetworkInterfaces = [] } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'tag:cluster.k8s.amazonaws.com/name', Values: ['demo'] },
          { Name: 'status', Values: ['available'] },
        ],
      }),
    );
    expect(NetworkInterfaces.map(n => n.NetworkInterfaceId)).toEqual([
      'eni-0aaaaaaaaaaaaaaa1',
    ]);
    await expect(
      ec2.send(
        new DeleteNetworkInterfaceCommand({
          NetworkInterfaceId: 'eni-0aaaaaaaaaaaaaaa2',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidNetworkInterface.InUse' });
    await ec2.send(
      new DeleteNetworkInterfaceCommand({
        NetworkInterfaceId: 'eni-0aaaaaaaaaaaaaaa1',
      }),
    );
    await expect(
      ec2.send(
        new DeleteNetworkInterfaceCommand({
          NetworkInterfaceId: 'eni-0aaaaaaaaaaaaaaa1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidNetworkInterfaceID.NotFound' });
  });

  it('refuses to delete a subnet or security group an interface still uses (DependencyViolation)', async () => {
    const ec2 = ec2Client(sandbox);
    const group = [...ec2State().securityGroups.values()][0];
    addInterface('eni-0aaaaaaaaaaaaaaa3', 'available', [group.groupId]);
    await expect(
      ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.groupId })),
    ).rejects.toMatchObject({ name: 'DependencyViolation' });
    // a subnet no cluster uses, but the interface does
    const { SubnetId } = (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: group.vpcId,
          CidrBlock: '10.0.240.0/24',
          AvailabilityZone: 'eu-west-1a',
        }),
      )
    ).Subnet!;
    ec2State().networkInterfaces.get('eni-0aaaaaaaaaaaaaaa3')!.subnetId =
      SubnetId!;
    await expect(
      ec2.send(new DeleteSubnetCommand({ SubnetId })),
    ).rejects.toMatchObject({ name: 'DependencyViolation' });
  });
});
