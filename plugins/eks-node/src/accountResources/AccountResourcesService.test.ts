import {
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import {
  AccountResourcesService,
  compareInstanceTypes,
} from './AccountResourcesService';
import { arrangeClients } from '../__testUtils__/arrangeClients';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::000000000000:root' },
      Action: 'sts:AssumeRole',
    },
  ],
});

describe('AccountResourcesService against the sandbox', () => {
  let sandbox: Sandbox;
  let factory: AwsClientFactory;
  let service: AccountResourcesService;
  const target = { region: 'eu-west-1', accountId: '000000000000' };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
    factory = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    );
    service = new AccountResourcesService(factory);
    const { iam, ec2 } = arrangeClients(await factory.forTarget(target));
    for (let i = 0; i < 12; i++) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: `platform-admin-${String(i).padStart(2, '0')}`,
          Path: '/admins/',
          AssumeRolePolicyDocument: TRUST,
        }),
      );
    }
    await iam.send(new CreateUserCommand({ UserName: 'Platform-Alice' }));
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.50.0.0/16',
        TagSpecifications: [
          { ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'shop' }] },
        ],
      }),
    );
    await ec2.send(
      new CreateSubnetCommand({
        VpcId: Vpc!.VpcId,
        CidrBlock: '10.50.1.0/24',
        AvailabilityZone: 'eu-west-1b',
      }),
    );
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('lists roles and users by name, filtered by what is typed in any case', async () => {
    const { principals, truncated } = await service.iamPrincipals(
      { search: 'PLATFORM' },
      target,
    );
    expect(truncated).toBe(false);
    expect(principals).toHaveLength(13);
    expect(principals[0]).toEqual({
      arn: 'arn:aws:iam::000000000000:role/admins/platform-admin-00',
      name: 'platform-admin-00',
      type: 'role',
      path: '/admins/',
    });
    expect(principals.find(p => p.type === 'user')).toEqual({
      arn: 'arn:aws:iam::000000000000:user/Platform-Alice',
      name: 'Platform-Alice',
      type: 'user',
      path: '/',
    });
    // the seeded roles and user match the empty search
    const all = await service.iamPrincipals({}, target);
    expect(all.principals.map(p => p.name)).toEqual(
      expect.arrayContaining(['demo-cluster', 'sandbox-admin']),
    );
    // ARNs match too
    const byPath = await service.iamPrincipals(
      { search: 'role/admins/' },
      target,
    );
    expect(byPath.principals).toHaveLength(12);
  });

  it('caps the answer and says it is truncated', async () => {
    const { principals, truncated } = await service.iamPrincipals(
      { search: 'platform-admin', limit: 5 },
      target,
    );
    expect(truncated).toBe(true);
    expect(principals.map(p => p.name)).toEqual([
      'platform-admin-00',
      'platform-admin-01',
      'platform-admin-02',
      'platform-admin-03',
      'platform-admin-04',
    ]);
  });

  it('asks IAM for its largest pages (MaxItems 1000) through the SDK paginators', async () => {
    const sent: { MaxItems?: number; Marker?: string }[] = [];
    const { iam } = await factory.forTarget(target);
    const original = iam.send.bind(iam);
    const spy = jest
      .spyOn(IAMClient.prototype, 'send')
      .mockImplementation(function send(this: IAMClient, command: any) {
        if (this === iam) sent.push({ ...command.input });
        return original(command);
      } as any);
    try {
      await service.iamPrincipals({ search: 'nothing-matches-this' }, target);
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual([{ MaxItems: 1000 }, { MaxItems: 1000 }]);
  });

  it('lists VPCs with Name tag and CIDR, the default first', async () => {
    const { vpcs } = await service.vpcs(target);
    expect(vpcs[0]).toMatchObject({
      isDefault: true,
      name: 'default',
      cidrBlock: '10.0.0.0/16',
    });
    expect(vpcs).toContainEqual({
      vpcId: expect.stringMatching(/^vpc-/),
      cidrBlock: '10.50.0.0/16',
      name: 'shop',
      isDefault: false,
    });
  });

  it("lists a VPC's subnets with zone, CIDR, Name and public/private by the role tags", async () => {
    const { vpcs } = await service.vpcs(target);
    const { subnets } = await service.subnets({ vpcId: vpcs[0].vpcId }, target);
    expect(subnets).toHaveLength(6);
    expect(new Set(subnets.map(s => s.availabilityZone))).toEqual(
      new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']),
    );
    expect(subnets.filter(s => s.visibility === 'public')).toHaveLength(3);
    expect(
      subnets.find(s => s.name === 'default-private-eu-west-1a'),
    ).toMatchObject({ visibility: 'private', availabilityZone: 'eu-west-1a' });
    const shop = vpcs.find(v => v.name === 'shop')!;
    expect(
      (await service.subnets({ vpcId: shop.vpcId }, target)).subnets,
    ).toEqual([
      {
        subnetId: expect.stringMatching(/^subnet-/),
        vpcId: shop.vpcId,
        availabilityZone: 'eu-west-1b',
        cidrBlock: '10.50.1.0/24',
        name: undefined,
        visibility: undefined,
      },
    ]);
  });

  it('lists the instance types offered in the region, over several pages', async () => {
    const { region, instanceTypes } = await service.instanceTypes(target);
    expect(region).toBe('eu-west-1');
    expect(instanceTypes.length).toBeGreaterThan(1000);
    expect(instanceTypes).toContain('t3.large');
    // offered only in us-east-1 and us-west-2
    expect(instanceTypes).not.toContain('p4de.24xlarge');
    expect(
      (await service.instanceTypes({ ...target, region: 'us-east-1' }))
        .instanceTypes,
    ).toContain('p4de.24xlarge');
    const m5 = instanceTypes.filter(t => t.startsWith('m5.'));
    expect(m5.slice(0, 3)).toEqual(['m5.large', 'm5.xlarge', 'm5.2xlarge']);
  });

  it('names accountId when it is not an account id', async () => {
    await expect(
      service.vpcs({ ...target, accountId: '12345' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'accountId must be a 12-digit AWS account id',
    });
  });
});

describe('compareInstanceTypes', () => {
  it('orders sizes within a family and families by name', () => {
    expect(
      [
        'm5.2xlarge',
        'c5.large',
        'm5.metal',
        'm5.large',
        'm5.xlarge',
        'm5.24xlarge',
        't3.micro',
        't3.nano',
      ].sort(compareInstanceTypes),
    ).toEqual([
      'c5.large',
      'm5.large',
      'm5.xlarge',
      'm5.2xlarge',
      'm5.24xlarge',
      'm5.metal',
      't3.nano',
      't3.micro',
    ]);
  });
});
