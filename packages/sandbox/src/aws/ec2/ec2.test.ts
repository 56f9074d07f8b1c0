import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeVolumesCommand,
  waitUntilVolumeAvailable,
  waitUntilVolumeDeleted,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import {
  CreateNodegroupCommand,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import {
  ec2Client,
  eksClient,
  fastWaiter,
  rawAwsRequest,
} from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('EC2', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  it('describes the seeded default VPC and its subnets in three zones', async () => {
    const ec2 = ec2Client(sandbox);
    const { Vpcs } = await ec2.send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'is-default', Values: ['true'] }],
      }),
    );
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0]).toMatchObject({
      CidrBlock: '10.0.0.0/16',
      IsDefault: true,
      State: 'available',
      Tags: [{ Key: 'Name', Value: 'default' }],
    });
    const { Subnets } = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'vpc-id', Values: [Vpcs![0].VpcId!] }],
      }),
    );
    expect(Subnets).toHaveLength(6);
    expect(new Set(Subnets!.map(s => s.AvailabilityZone))).toEqual(
      new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']),
    );
    const internal = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'tag:kubernetes.io/role/internal-elb', Values: ['1'] },
        ],
      }),
    );
    expect(internal.Subnets?.every(s => s.MapPublicIpOnLaunch === false)).toBe(
      true,
    );
    expect(internal.Subnets).toHaveLength(3);
    const publicOnes = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'tag-key', Values: ['kubernetes.io/role/elb'] }],
      }),
    );
    expect(publicOnes.Subnets?.map(s => s.MapPublicIpOnLaunch)).toEqual([
      true,
      true,
      true,
    ]);
    const byId = await ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: [Subnets![0].SubnetId!] }),
    );
    expect(byId.Subnets?.[0].SubnetId).toBe(Subnets![0].SubnetId);
    const { AvailabilityZones } = await ec2.send(
      new DescribeAvailabilityZonesCommand({}),
    );
    expect(AvailabilityZones?.map(z => z.ZoneName)).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
  });

  it('answers EC2 errors in the <Response><Errors> envelope, mapped by the SDK', async () => {
    const error = await ec2Client(sandbox)
      .send(
        new DescribeSubnetsCommand({ SubnetIds: ['subnet-00000000000000000'] }),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('InvalidSubnetID.NotFound');
    expect(error.message).toBe(
      "The subnet ID 'subnet-00000000000000000' does not exist",
    );
    const raw = await rawAwsRequest(sandbox, 'ec2', {
      method: 'POST',
      body: 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-00000000',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(raw.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Errors><Error><Code>InvalidVpcID.NotFound<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]+<\/RequestID><\/Response>$/,
    );
    await expect(
      ec2Client(sandbox).send(
        new DescribeSubnetsCommand({
          Filters: [{ Name: 'colour', Values: ['blue'] }],
        }),
      ),
    ).rejects.toThrow(/The filter 'colour' is invalid/);
  });

  it('creates security groups and tags, and finds them by tag', async () => {
    const ec2 = ec2Client(sandbox);
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.1.0.0/16',
        TagSpecifications: [
          { ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'shop' }] },
        ],
      }),
    );
    expect(Vpc?.Tags).toEqual([{ Key: 'Name', Value: 'shop' }]);
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'shop-nodes',
        Description: 'nodes',
        VpcId: Vpc!.VpcId,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [{ Key: 'team', Value: 'shop' }],
          },
        ],
      }),
    );
    expect(GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    await expect(
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'shop-nodes',
          Description: 'nodes',
          VpcId: Vpc!.VpcId,
        }),
      ),
    ).rejects.toThrow(/already exists/);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [GroupId!],
        Tags: [{ Key: 'karpenter.sh/discovery', Value: 'shop' }],
      }),
    );
    const found = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'tag:karpenter.sh/discovery', Values: ['shop'] }],
      }),
    );
    expect(found.SecurityGroups?.map(g => g.GroupId)).toEqual([GroupId]);
    expect(found.SecurityGroups?.[0].IpPermissionsEgress?.[0]).toMatchObject({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    const tags = await ec2.send(
      new DescribeTagsCommand({
        Filters: [{ Name: 'resource-id', Values: [GroupId!] }],
      }),
    );
    expect(tags.Tags?.map(t => `${t.Key}=${t.Value}`).sort()).toEqual([
      'karpenter.sh/discovery=shop',
      'team=shop',
    ]);
    expect(tags.Tags?.[0].ResourceType).toBe('security-group');
    await ec2.send(
      new DeleteTagsCommand({ Resources: [GroupId!], Tags: [{ Key: 'team' }] }),
    );
    const after = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }),
    );
    expect(after.SecurityGroups?.[0].Tags).toEqual([
      { Key: 'karpenter.sh/discovery', Value: 'shop' },
    ]);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
    await expect(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] })),
    ).rejects.toThrow(/does not exist/);
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'CreateVpc',
      'CreateSecurityGroup',
      'CreateTags',
      'DeleteTags',
      'DeleteSecurityGroup',
    ]);
  });

  it('keeps launch templates with metadata options; node group instances use them', async () => {
    const ec2 = ec2Client(sandbox);
    const { LaunchTemplate } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'demo-nodes',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 1,
          },
        },
      }),
    );
    expect(LaunchTemplate).toMatchObject({
      LaunchTemplateName: 'demo-nodes',
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
    });
    await expect(
      ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'demo-nodes',
          LaunchTemplateData: { InstanceType: 't3.large' },
        }),
      ),
    ).rejects.toThrow(/already in use/);
    const v2 = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: LaunchTemplate!.LaunchTemplateId,
        SourceVersion: '1',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 2,
          },
        },
      }),
    );
    expect(v2.LaunchTemplateVersion?.VersionNumber).toBe(2);
    const versions = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateName: 'demo-nodes',
        Versions: ['$Latest'],
      }),
    );
    expect(
      versions.LaunchTemplateVersions?.[0].LaunchTemplateData?.MetadataOptions,
    ).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
    const listed = await ec2.send(
      new DescribeLaunchTemplatesCommand({
        LaunchTemplateNames: ['demo-nodes'],
      }),
    );
    expect(listed.LaunchTemplates?.[0].LatestVersionNumber).toBe(2);

    const subnets = [
      ...sandbox.state.region('000000000000', 'eu-west-1').ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
    const eks = eksClient(sandbox);
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'lb',
        nodeRole: 'arn:aws:iam::000000000000:role/demo-node',
        subnets,
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 2 },
        launchTemplate: { name: 'demo-nodes', version: '1' },
      }),
    );
    await waitUntilNodegroupActive(fastWaiter(eks), {
      clusterName: 'demo',
      nodegroupName: 'lb',
    });
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:eks:nodegroup-name', Values: ['lb'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const instances = Reservations!.flatMap(r => r.Instances ?? []);
    expect(instances).toHaveLength(2);
    expect(instances[0].MetadataOptions).toMatchObject({
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 1,
      State: 'applied',
    });
    expect(instances[0].State).toEqual({ Code: 16, Name: 'running' });
    expect(instances[0].PrivateDnsName).toMatch(
      /^ip-10-0-\d+-\d+\.eu-west-1\.compute\.internal$/,
    );
    const seeded = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'tag:eks:nodegroup-name', Values: ['system'] }],
      }),
    );
    expect(
      seeded.Reservations?.flatMap(r => r.Instances ?? []).every(
        i => i.MetadataOptions?.HttpPutResponseHopLimit === 2,
      ),
    ).toBe(true);
    await ec2.send(
      new DeleteLaunchTemplateCommand({ LaunchTemplateName: 'demo-nodes' }),
    );
    await expect(
      ec2.send(
        new DescribeLaunchTemplatesCommand({
          LaunchTemplateNames: ['demo-nodes'],
        }),
      ),
    ).rejects.toThrow(/does not exist/);
  });

  it('creates EBS volumes, tags them, finds them by tag filters and deletes them', async () => {
    const ec2 = ec2Client(sandbox);
    const created = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'eu-west-1a',
        Size: 20,
        VolumeType: 'gp3',
        Encrypted: true,
        TagSpecifications: [
          {
            ResourceType: 'volume',
            Tags: [{ Key: 'kubernetes.io/cluster/shop', Value: 'owned' }],
          },
        ],
      }),
    );
    expect(created).toMatchObject({
      AvailabilityZone: 'eu-west-1a',
      Size: 20,
      VolumeType: 'gp3',
      Iops: 3000,
      Throughput: 125,
      Encrypted: true,
      State: 'creating',
    });
    const volumeId = created.VolumeId!;
    expect(volumeId).toMatch(/^vol-[0-9a-f]{17}$/);
    await waitUntilVolumeAvailable(fastWaiter(ec2), { VolumeIds: [volumeId] });
    const other = await ec2.send(
      new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1b', Size: 8 }),
    );
    expect(other).toMatchObject({ VolumeType: 'gp2', Iops: 100 });
    await ec2.send(
      new CreateTagsCommand({
        Resources: [other.VolumeId!],
        Tags: [{ Key: 'eks:cluster-name', Value: 'shop' }],
      }),
    );

    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      (
        await ec2.send(new DescribeVolumesCommand({ Filters: filters }))
      ).Volumes?.map(v => v.VolumeId);
    expect(
      await ids([
        { Name: 'tag:kubernetes.io/cluster/shop', Values: ['owned'] },
      ]),
    ).toEqual([volumeId]);
    expect(
      await ids([
        { Name: 'tag:kubernetes.io/cluster/shop', Values: ['shared'] },
      ]),
    ).toEqual([]);
    expect(
      await ids([{ Name: 'tag-key', Values: ['kubernetes.io/cluster/shop'] }]),
    ).toEqual([volumeId]);
    expect(
      await ids([{ Name: 'tag:eks:cluster-name', Values: ['shop'] }]),
    ).toEqual([other.VolumeId]);
    expect(
      await ids([
        { Name: 'availability-zone', Values: ['eu-west-1a'] },
        { Name: 'status', Values: ['available'] },
      ]),
    ).toEqual([volumeId]);
    const [described] = (
      await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))
    ).Volumes!;
    expect(described).toMatchObject({
      State: 'available',
      Attachments: [],
      Tags: [{ Key: 'kubernetes.io/cluster/shop', Value: 'owned' }],
    });
    expect(described.CreateTime).toBeInstanceOf(Date);

    await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    await waitUntilVolumeDeleted(fastWaiter(ec2), { VolumeIds: [volumeId] });
    expect(
      await ids([{ Name: 'tag-key', Values: ['kubernetes.io/cluster/shop'] }]),
    ).toEqual([]);
    expect(
      sandbox.writes.map(w => w.operation).filter(o => o.endsWith('Volume')),
    ).toEqual(['CreateVolume', 'CreateVolume', 'DeleteVolume']);
  });

  it('refuses volumes with bad parameters and unknown volume ids', async () => {
    const ec2 = ec2Client(sandbox);
    const error = (p: Promise<unknown>): Promise<EC2ServiceException> =>
      p.then(
        () => {
          throw new Error('expected the call to fail');
        },
        e => e,
      );
    const missing = await error(
      ec2.send(
        new DescribeVolumesCommand({ VolumeIds: ['vol-0123456789abcdef0'] }),
      ),
    );
    expect(missing.name).toBe('InvalidVolume.NotFound');
    expect(
      (
        await error(
          ec2.send(
            new DeleteVolumeCommand({ VolumeId: 'vol-0123456789abcdef0' }),
          ),
        )
      ).name,
    ).toBe('InvalidVolume.NotFound');
    const tooSmall = await error(
      ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'eu-west-1a',
          Size: 10,
          VolumeType: 'st1',
        }),
      ),
    );
    expect(tooSmall.name).toBe('InvalidParameterValue');
    expect(tooSmall.message).toMatch(/^Size: .* from 125 to 16384, got 10/);
    const badZone = await error(
      ec2.send(
        new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }),
      ),
    );
    expect(badZone.message).toMatch(/^AvailabilityZone: 'us-east-1a'/);
    const noSize = await error(
      ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a' })),
    );
    expect(noSize.name).toBe('MissingParameter');
    expect(
      (
        await error(
          ec2.send(
            new DescribeVolumesCommand({
              Filters: [{ Name: 'colour', Values: ['red'] }],
            }),
          ),
        )
      ).message,
    ).toMatch(/The filter 'colour' is invalid/);
  });

  it('throttles with RequestLimitExceeded, which the SDK retries', async () => {
    sandbox.faults.set({
      service: 'ec2',
      operation: 'DescribeVpcs',
      throttleRate: 1,
      count: 2,
    });
    const result = await ec2Client(sandbox).send(new DescribeVpcsCommand({}));
    expect(result.$metadata.attempts).toBe(3);
    sandbox.faults.set({ service: 'ec2', throttleRate: 1 });
    const error = await ec2Client(sandbox)
      .send(new DescribeVpcsCommand({}))
      .catch(e => e);
    expect(error.name).toBe('RequestLimitExceeded');
  });

  it('has an EC2 instance for every node Karpenter launched, with the EC2NodeClass metadata options', async () => {
    const kube = sandbox.state
      .region('000000000000', 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    const karpenterNodes = kube
      .list('v1', 'Node')
      .filter(n => n.metadata.labels?.['karpenter.sh/nodepool']);
    const { Reservations } = await ec2Client(sandbox).send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'tag-key', Values: ['karpenter.sh/nodepool'] }],
      }),
    );
    const instances = Reservations!.flatMap(r => r.Instances ?? []);
    expect(instances.map(i => i.PrivateDnsName).sort()).toEqual(
      karpenterNodes.map(n => n.metadata.name).sort(),
    );
    for (const i of instances) {
      expect(i.MetadataOptions).toMatchObject({
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 2,
      });
    }
  });

  it('builds a network in another account from nothing, kept apart from the default account', async () => {
    const ec2 = ec2Client(sandbox, '111122223333');
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }),
    );
    const subnetIds: string[] = [];
    for (const [i, zone] of ['eu-west-1a', 'eu-west-1b'].entries()) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: Vpc!.VpcId,
          CidrBlock: `10.20.${i}.0/24`,
          AvailabilityZone: zone,
        }),
      );
      expect(Subnet).toMatchObject({
        AvailabilityZone: zone,
        VpcId: Vpc!.VpcId,
        State: 'available',
      });
      subnetIds.push(Subnet!.SubnetId!);
    }
    await expect(
      ec2.send(
        new CreateSubnetCommand({
          VpcId: Vpc!.VpcId,
          CidrBlock: '10.20.9.0/24',
          AvailabilityZone: 'us-east-1a',
        }),
      ),
    ).rejects.toThrow(/availabilityZone is invalid/);
    await expect(
      ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId })),
    ).rejects.toThrow(/has dependencies/);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetIds[1] }));
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({}));
    expect(Subnets?.map(s => s.SubnetId)).toEqual([subnetIds[0]]);
    // the default account does not see them
    expect(
      (await ec2Client(sandbox).send(new DescribeVpcsCommand({}))).Vpcs?.map(
        v => v.VpcId,
      ),
    ).not.toContain(Vpc!.VpcId);
  });
});
