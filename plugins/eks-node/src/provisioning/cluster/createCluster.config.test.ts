import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { DescribeAccessEntryCommand } from '@aws-sdk/client-eks';
import type { Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../../aws/AwsClientFactory';
import { SandboxCredentialsManager } from '../../aws/sandboxConfig';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { ProvisioningRun } from '../ProvisioningRun';
import { createCluster, CreateClusterOptions } from './createCluster';

jest.setTimeout(30_000);

const OTHER_ACCOUNT = '111111111111';

/**
 * createCluster's cluster settings of 2026: support policy, deletion
 * protection, zonal shift, control plane tier and egress, Hybrid Nodes'
 * remote networks with their HYBRID_LINUX access entry, and admins in
 * other accounts.
 */
describe('createCluster settings against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let messages: string[];
  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run, messages } = setup);
  });

  const base = (): CreateClusterOptions => ({
    clusterName: 'shop',
    owner: 'group:default/shop',
  });
  const trust = (service: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  const createRole = async (
    roleName: string,
    service: string,
    accountId = sandbox.accountId,
  ) => {
    const aws = await new AwsClientFactory({
      credentialsManager: new SandboxCredentialsManager(accountId),
      endpoint: sandbox.url,
      defaultRegion: sandbox.region,
      defaultAccountId: accountId,
    }).forTarget();
    const { Role } = await aws.iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: trust(service),
      }),
    );
    return Role!.Arn!;
  };
  const described = () =>
    sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.clusters.get('shop');
  const vpcCidr = () => {
    const ec2 = sandbox.state.region(sandbox.accountId, sandbox.region).ec2;
    return [...ec2.vpcs.values()][0].cidrBlock;
  };

  it('creates the cluster with every setting asked for, and a HYBRID_LINUX access entry for the hybrid nodes role', async () => {
    const hybridRole = await createRole(
      'shop-hybrid-nodes',
      'ssm.amazonaws.com',
    );
    const result = await createCluster(run, {
      ...base(),
      upgradePolicy: 'STANDARD',
      deletionProtection: true,
      zonalShift: true,
      controlPlaneTier: 'tier-xl',
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      remoteNetwork: {
        nodeCidrs: ['192.168.100.0/24'],
        podCidrs: ['192.168.200.0/24'],
        hybridNodesRoleArn: hybridRole,
      },
    });
    expect(result.status).toBe('ACTIVE');
    expect(described()).toMatchObject({
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: true,
      zonalShiftConfig: { enabled: true },
      controlPlaneScalingConfig: { tier: 'tier-xl' },
      resourcesVpcConfig: { controlPlaneEgressMode: 'CUSTOMER_ROUTED' },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
        remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
      },
    });
    const { accessEntry } = await run.aws.eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'shop',
        principalArn: hybridRole,
      }),
    );
    expect(accessEntry?.type).toBe('HYBRID_LINUX');
    expect(messages).toContainEqual(
      expect.stringMatching(
        /started: access entry of the hybrid nodes role \(HYBRID_LINUX\)/,
      ),
    );
  });

  it('turns deletion protection on for a production-tagged cluster unless asked otherwise, and leaves support to EKS (EXTENDED)', async () => {
    await createCluster(run, {
      ...base(),
      tags: { environment: 'Production' },
    });
    expect(described()?.deletionProtection).toBe(true);
    expect(described()?.upgradePolicy).toEqual({ supportType: 'EXTENDED' });
    const second = setup.runWith({});
    await createCluster(second, {
      ...base(),
      clusterName: 'shop-2',
      tags: { environment: 'production' },
      deletionProtection: false,
    });
    expect(
      sandbox.state
        .region(sandbox.accountId, sandbox.region)
        .eks.clusters.get('shop-2')?.deletionProtection,
    ).toBe(false);
  });

  it('refuses remote networks EKS would refuse, and a hybrid nodes role SSM or Roles Anywhere cannot assume, before any write', async () => {
    const refuse = (remoteNetwork: CreateClusterOptions['remoteNetwork']) =>
      createCluster(run, { ...base(), remoteNetwork });
    await expect(refuse({ nodeCidrs: ['8.8.8.0/24'] })).rejects.toThrow(
      /remoteNetwork\.nodeCidrs\[0\] must be an IPv4 CIDR block .* within an RFC 1918 range/,
    );
    await expect(refuse({ nodeCidrs: [vpcCidr()] })).rejects.toThrow(
      /remoteNetwork\.nodeCidrs\[0\] must not overlap the VPC's CIDR block/,
    );
    await expect(
      refuse({ nodeCidrs: ['192.168.0.0/16'], podCidrs: ['192.168.1.0/24'] }),
    ).rejects.toThrow(
      /remoteNetwork\.podCidrs\[0\] must not overlap remoteNetwork\.nodeCidrs\[0\]/,
    );
    const ec2Role = await createRole('not-hybrid', 'ec2.amazonaws.com');
    sandbox.clearWrites();
    await expect(
      refuse({ nodeCidrs: ['192.168.0.0/16'], hybridNodesRoleArn: ec2Role }),
    ).rejects.toThrow(
      /remoteNetwork\.hybridNodesRoleArn must be a role that ssm\.amazonaws\.com or rolesanywhere\.amazonaws\.com can assume/,
    );
    await expect(
      createCluster(run, {
        ...base(),
        controlPlaneTier: 'tier-16xl' as 'tier-xl',
      }),
    ).rejects.toThrow(
      /controlPlaneTier must be one of standard, tier-xl, tier-2xl, tier-4xl, tier-8xl/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('brings an existing cluster to the settings asked for, one UpdateClusterConfig each, and a re-run changes nothing', async () => {
    await createCluster(run, base());
    sandbox.clearWrites();
    messages.length = 0;
    const request: CreateClusterOptions = {
      ...base(),
      upgradePolicy: 'STANDARD',
      deletionProtection: true,
      controlPlaneTier: 'tier-2xl',
      remoteNetwork: { nodeCidrs: ['192.168.100.0/24'] },
    };
    const adopting = setup.runWith({});
    await createCluster(adopting, request);
    expect(setup.writes()).toEqual([
      'eks:UpdateClusterConfig',
      'eks:UpdateClusterConfig',
      'eks:UpdateClusterConfig',
      'eks:UpdateClusterConfig',
    ]);
    expect(adopting.drift).toEqual([]);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /started: settings of EKS cluster shop \(support policy, deletion protection/,
      ),
    );
    expect(messages).toContainEqual(
      'Changing as asked: cluster shop control plane tier from standard to tier-2xl',
    );
    expect(described()).toMatchObject({
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: true,
      controlPlaneScalingConfig: { tier: 'tier-2xl' },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
      },
    });

    sandbox.clearWrites();
    await createCluster(setup.runWith({}), request);
    expect(setup.writes()).toEqual([]);
  });

  it('reports an egress mode EKS cannot change back as drift, and plans the other updates in a dry run', async () => {
    await createCluster(run, {
      ...base(),
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
    });
    sandbox.clearWrites();
    const dry = setup.runWith({ dryRun: true });
    await createCluster(dry, {
      ...base(),
      controlPlaneEgressMode: 'AWS_MANAGED',
      zonalShift: true,
    });
    expect(sandbox.writes).toEqual([]);
    expect(dry.drift).toEqual([
      'cluster shop routes control plane egress through its VPC (CUSTOMER_ROUTED), not AWS_MANAGED (EKS cannot change it back)',
    ]);
    expect(dry.plan).toContainEqual({
      action: 'update',
      resource: 'EKS cluster shop zonal shift',
      detail: 'false -> true',
    });
  });

  it('looks an admin of another account up in that account when the portal has its credentials, and refuses one that does not exist there before any write', async () => {
    const remoteAdmin = await createRole(
      'platform-admins',
      'ec2.amazonaws.com',
      OTHER_ACCOUNT,
    );
    const accountIam = async (accountId: string) =>
      (
        await new AwsClientFactory({
          credentialsManager: new SandboxCredentialsManager(accountId),
          endpoint: sandbox.url,
          defaultRegion: sandbox.region,
          defaultAccountId: accountId,
        }).forTarget()
      ).iam;
    sandbox.clearWrites();
    await expect(
      createCluster(
        run,
        {
          ...base(),
          adminPrincipalArns: [`arn:aws:iam::${OTHER_ACCOUNT}:role/ghost`],
        },
        { accountIam },
      ),
    ).rejects.toThrow(
      `adminPrincipalArns[0] must name an existing IAM role: arn:aws:iam::${OTHER_ACCOUNT}:role/ghost does not exist`,
    );
    expect(sandbox.writes).toEqual([]);
    await createCluster(
      setup.runWith({}),
      { ...base(), adminPrincipalArns: [remoteAdmin] },
      { accountIam },
    );
    const { accessEntry } = await run.aws.eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'shop',
        principalArn: remoteAdmin,
      }),
    );
    expect(accessEntry?.type).toBe('STANDARD');
  });

  it('gives an admin in another account of the partition a STANDARD access entry, and refuses one in another partition', async () => {
    const remoteAdmin = await createRole(
      'platform-admins',
      'ec2.amazonaws.com',
      OTHER_ACCOUNT,
    );
    await createCluster(run, { ...base(), adminPrincipalArns: [remoteAdmin] });
    const { accessEntry } = await run.aws.eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'shop',
        principalArn: remoteAdmin,
      }),
    );
    expect(accessEntry?.type).toBe('STANDARD');
    expect(run.notes).toContainEqual(
      expect.stringContaining(
        `adminPrincipalArns[0] ${remoteAdmin} is in account ${OTHER_ACCOUNT}, not the cluster's ${sandbox.accountId}: its access entry is STANDARD (the only type that takes another account's principal); the portal has no credentials for account ${OTHER_ACCOUNT}`,
      ),
    );
    await expect(
      createCluster(setup.runWith({}), {
        ...base(),
        clusterName: 'shop-2',
        adminPrincipalArns: [`arn:aws-cn:iam::${OTHER_ACCOUNT}:role/admins`],
      }),
    ).rejects.toThrow(
      /adminPrincipalArns\[0\] must be in partition "aws" of region eu-west-1 \(got "aws-cn"\)/,
    );
  });
});
