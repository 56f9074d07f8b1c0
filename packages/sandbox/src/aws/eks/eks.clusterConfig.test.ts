import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  InvalidParameterException,
  InvalidRequestException,
  UpdateClusterConfigCommand,
  UpdateClusterConfigCommandInput,
  waitUntilClusterActive,
  waitUntilClusterDeleted,
} from '@aws-sdk/client-eks';
import { eksClient, eventually, fastWaiter } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-cluster`;

describe('EKS cluster configuration: support policy, deletion protection, zonal shift, control plane tier and egress, remote networks', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0005 });
  let subnets: string[];
  let vpcCidr: string;
  beforeEach(async () => {
    await sandbox.reset();
    const ec2 = sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
    const privateSubnets = [...ec2.subnets.values()].filter(
      s => !s.mapPublicIpOnLaunch,
    );
    subnets = privateSubnets.map(s => s.subnetId);
    vpcCidr = ec2.vpcs.get(privateSubnets[0].vpcId)!.cidrBlock;
  });

  const create = (overrides: Record<string, unknown> = {}) =>
    eksClient(sandbox).send(
      new CreateClusterCommand({
        name: 'shop',
        roleArn: ROLE,
        resourcesVpcConfig: { subnetIds: subnets },
        accessConfig: { authenticationMode: 'API' },
        ...overrides,
      }),
    );
  const describe_ = async () =>
    (
      await eksClient(sandbox).send(
        new DescribeClusterCommand({ name: 'shop' }),
      )
    ).cluster!;
  const active = () =>
    waitUntilClusterActive(fastWaiter(eksClient(sandbox)), { name: 'shop' });
  const update = (input: Omit<UpdateClusterConfigCommandInput, 'name'>) =>
    eksClient(sandbox).send(
      new UpdateClusterConfigCommand({ name: 'shop', ...input }),
    );
  const updated = async (id: string) =>
    eventually(async () => {
      const { update: u } = await eksClient(sandbox).send(
        new DescribeUpdateCommand({ name: 'shop', updateId: id }),
      );
      return u?.status === 'Successful';
    });

  it("gives a new cluster EKS's defaults: EXTENDED support, no deletion protection, standard tier, AWS_MANAGED egress", async () => {
    await create();
    const cluster = await describe_();
    expect(cluster.upgradePolicy).toEqual({ supportType: 'EXTENDED' });
    expect(cluster.deletionProtection).toBe(false);
    expect(cluster.controlPlaneScalingConfig).toEqual({ tier: 'standard' });
    expect(cluster.resourcesVpcConfig?.controlPlaneEgressMode).toBe(
      'AWS_MANAGED',
    );
    expect(cluster.remoteNetworkConfig).toBeUndefined();
  });

  it('stores and describes every setting given at create', async () => {
    await create({
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: true,
      zonalShiftConfig: { enabled: true },
      controlPlaneScalingConfig: { tier: 'tier-2xl' },
      resourcesVpcConfig: {
        subnetIds: subnets,
        controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
        remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
      },
    });
    const cluster = await describe_();
    expect(cluster).toMatchObject({
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: true,
      zonalShiftConfig: { enabled: true },
      controlPlaneScalingConfig: { tier: 'tier-2xl' },
      resourcesVpcConfig: { controlPlaneEgressMode: 'CUSTOMER_ROUTED' },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
        remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
      },
    });
  });

  it('refuses what EKS refuses at create: tier, egress mode, remote networks outside RFC 1918 or overlapping', async () => {
    await expect(
      create({ controlPlaneScalingConfig: { tier: 'tier-16xl' } }),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      create({
        resourcesVpcConfig: {
          subnetIds: subnets,
          controlPlaneEgressMode: 'CUSTOMER_MANAGED',
        },
      }),
    ).rejects.toThrow(/controlPlaneEgressMode: CUSTOMER_MANAGED is not valid/);
    const remote = (nodes: string[], pods: string[] = []) =>
      create({
        remoteNetworkConfig: {
          remoteNodeNetworks: [{ cidrs: nodes }],
          ...(pods.length ? { remotePodNetworks: [{ cidrs: pods }] } : {}),
        },
      });
    await expect(remote(['8.8.8.0/24'])).rejects.toThrow(
      /remoteNodeNetworks: 8\.8\.8\.0\/24 is invalid; .*RFC-1918/,
    );
    await expect(remote(['10.0.0.0/7'])).rejects.toThrow(/is invalid/);
    await expect(remote([vpcCidr])).rejects.toThrow(
      new RegExp(`overlaps the VPC CIDR ${vpcCidr.replace(/\./g, '\\.')}`),
    );
    // the service range EKS gave a VPC in 10.0.0.0/8 is 172.20.0.0/16
    expect(vpcCidr.startsWith('10.')).toBe(true);
    await expect(remote(['172.20.8.0/24'])).rejects.toThrow(
      /overlaps the Kubernetes service CIDR 172\.20\.0\.0\/16/,
    );
    await expect(
      remote(['192.168.0.0/16'], ['192.168.10.0/24']),
    ).rejects.toThrow(/remotePodNetworks: 192\.168\.10\.0\/24 overlaps/);
    await expect(
      create({
        remoteNetworkConfig: {
          remotePodNetworks: [{ cidrs: ['192.168.10.0/24'] }],
        },
      }),
    ).rejects.toThrow(/remotePodNetworks requires .*remoteNodeNetworks/);
    // nothing was created by the refusals
    await expect(describe_()).rejects.toThrow();
  });

  it('refuses DeleteCluster while deletion protection is on, and deletes after UpdateClusterConfig turns it off', async () => {
    await create({ deletionProtection: true });
    await active();
    const refusal = eksClient(sandbox).send(
      new DeleteClusterCommand({ name: 'shop' }),
    );
    await expect(refusal).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(refusal).rejects.toThrow(/deletion protection enabled/);
    expect((await describe_()).status).toBe('ACTIVE');

    const { update: off } = await update({ deletionProtection: false });
    expect(off).toMatchObject({
      type: 'DeletionProtectionUpdate',
      params: [{ type: 'DeletionProtection', value: 'false' }],
    });
    await updated(off!.id!);
    await active();
    expect((await describe_()).deletionProtection).toBe(false);
    await eksClient(sandbox).send(new DeleteClusterCommand({ name: 'shop' }));
    await waitUntilClusterDeleted(fastWaiter(eksClient(sandbox)), {
      name: 'shop',
    });
  });

  it('lets a CREATING cluster be deleted with deletion protection on, as EKS does', async () => {
    await create({ deletionProtection: true });
    await eksClient(sandbox).send(new DeleteClusterCommand({ name: 'shop' }));
    expect((await describe_()).status).toBe('DELETING');
  });

  it('updates each new setting with UpdateClusterConfig, one type at a time', async () => {
    await create({
      resourcesVpcConfig: {
        subnetIds: subnets,
        controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      },
    });
    await active();
    await expect(
      update({
        deletionProtection: true,
        controlPlaneScalingConfig: { tier: 'tier-xl' },
      }),
    ).rejects.toThrow(/Only one type of update can be allowed/);
    await expect(
      update({
        resourcesVpcConfig: {
          controlPlaneEgressMode: 'CUSTOMER_ISOLATED',
          endpointPublicAccess: false,
        },
      }),
    ).rejects.toThrow(/Only one type of update can be allowed/);
    await expect(
      update({ resourcesVpcConfig: { controlPlaneEgressMode: 'AWS_MANAGED' } }),
    ).rejects.toThrow(/cannot change from CUSTOMER_ROUTED back to AWS_MANAGED/);
    await expect(update({ deletionProtection: false })).rejects.toThrow(
      /already has deletionProtection false/,
    );

    const steps: [
      Omit<UpdateClusterConfigCommandInput, 'name'>,
      string,
      (c: Awaited<ReturnType<typeof describe_>>) => unknown,
      unknown,
    ][] = [
      [
        { deletionProtection: true },
        'DeletionProtectionUpdate',
        c => c.deletionProtection,
        true,
      ],
      [
        { controlPlaneScalingConfig: { tier: 'tier-4xl' } },
        'ControlPlaneScalingConfigUpdate',
        c => c.controlPlaneScalingConfig,
        { tier: 'tier-4xl' },
      ],
      [
        { upgradePolicy: { supportType: 'STANDARD' } },
        'UpgradePolicyUpdate',
        c => c.upgradePolicy,
        { supportType: 'STANDARD' },
      ],
      [
        { zonalShiftConfig: { enabled: true } },
        'ZonalShiftConfigUpdate',
        c => c.zonalShiftConfig,
        { enabled: true },
      ],
      [
        { resourcesVpcConfig: { controlPlaneEgressMode: 'CUSTOMER_ISOLATED' } },
        'ControlPlaneEgressUpdate',
        c => c.resourcesVpcConfig?.controlPlaneEgressMode,
        'CUSTOMER_ISOLATED',
      ],
      [
        {
          remoteNetworkConfig: {
            remoteNodeNetworks: [{ cidrs: ['172.31.250.0/24'] }],
          },
        },
        'RemoteNetworkConfigUpdate',
        c => c.remoteNetworkConfig?.remoteNodeNetworks,
        [{ cidrs: ['172.31.250.0/24'] }],
      ],
    ];
    for (const [input, type, read, expected] of steps) {
      const { update: u } = await update(input);
      expect(u?.type).toBe(type);
      await updated(u!.id!);
      await active();
      expect(read(await describe_())).toEqual(expected);
    }
    const tier = await update({
      controlPlaneScalingConfig: { tier: 'tier-xl' },
    });
    expect(tier.update?.params).toEqual([
      { type: 'PreviousTier', value: 'tier-4xl' },
      { type: 'UpdatedTier', value: 'tier-xl' },
    ]);
  });
});
