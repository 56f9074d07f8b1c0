import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateAddonCommand,
  CreateClusterCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  CreatePodIdentityAssociationCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateAccessEntryCommand,
  UpdateClusterConfigCommand,
  UpdateNodegroupVersionCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  eksClient,
  eventually,
  fastWaiter,
  iamClient,
} from '../../__testUtils__/clients';
import { addLaunchTemplate } from '../ec2/launchTemplates';
import { serviceTrustPolicy } from '../iam/store';
import { parseCidr } from './rules';
import { useSandbox } from '../../__testUtils__/useSandbox';

/** The rules of packages/sandbox/RULES.md for EKS: each refused as EKS does, and the good input accepted. */

const ACCOUNT = '000000000000';
const CLUSTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-cluster`;
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-node`;
const POD_ROLE = `arn:aws:iam::${ACCOUNT}:role/KarpenterController-demo`;

describe('EKS rules beyond the model', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0005 });
  let subnets: string[];
  beforeEach(async () => {
    await sandbox.reset();
    subnets = [
      ...sandbox.state.region(ACCOUNT, 'eu-west-1').ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
  });

  const eks = () => eksClient(sandbox);
  const role = async (name: string, services: string[], actions?: string[]) =>
    (
      await iamClient(sandbox).send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: serviceTrustPolicy(services, actions),
        }),
      )
    ).Role!.Arn!;
  const createCluster = (overrides: Record<string, unknown> = {}) =>
    eks().send(
      new CreateClusterCommand({
        name: 'shop',
        roleArn: CLUSTER_ROLE,
        resourcesVpcConfig: { subnetIds: subnets },
        ...overrides,
      }),
    );
  const activeCluster = async (overrides: Record<string, unknown> = {}) => {
    await createCluster(overrides);
    await waitUntilClusterActive(fastWaiter(eks()), { name: 'shop' });
  };

  describe('CreateCluster', () => {
    it('needs a cluster role that trusts eks.amazonaws.com', async () => {
      const ec2Only = await role('not-for-eks', ['ec2.amazonaws.com']);
      const refused = await createCluster({ roleArn: ec2Only }).catch(e => e);
      expect(refused).toBeInstanceOf(InvalidParameterException);
      expect(refused.message).toBe(
        `Role with arn: ${ec2Only}, could not be assumed because it does not exist or the trusted entity is not correct`,
      );
      expect(refused.$metadata.httpStatusCode).toBe(400);
      const forEks = await role('for-eks', ['eks.amazonaws.com']);
      await expect(createCluster({ roleArn: forEks })).resolves.toBeDefined();
    });

    it('defaults authenticationMode to CONFIG_MAP (API/SDK/CLI) and bootstraps no access entry then', async () => {
      const { cluster } = await createCluster();
      expect(cluster?.accessConfig).toEqual({
        authenticationMode: 'CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: true,
      });
      await waitUntilClusterActive(fastWaiter(eks()), { name: 'shop' });
      const { accessEntries } = await eks().send(
        new ListAccessEntriesCommand({ clusterName: 'shop' }),
      );
      expect(accessEntries).toEqual([]);
    });

    it('refuses malformed publicAccessCidrs and IPv6 blocks on an IPv4 cluster, listing them', async () => {
      const refused = await createCluster({
        resourcesVpcConfig: {
          subnetIds: subnets,
          publicAccessCidrs: [
            '203.0.113.0/24',
            '10.0.0.0/33',
            'banana',
            '::/0',
          ],
        },
      }).catch(e => e);
      expect(refused).toBeInstanceOf(InvalidParameterException);
      expect(refused.message).toBe(
        'The following CIDRs are invalid in publicAccessCidrs: [10.0.0.0/33,banana,::/0]',
      );
      const { cluster } = await createCluster({
        resourcesVpcConfig: {
          subnetIds: subnets,
          publicAccessCidrs: ['203.0.113.0/24'],
        },
      });
      expect(cluster?.resourcesVpcConfig?.publicAccessCidrs).toEqual([
        '203.0.113.0/24',
      ]);
    });

    it('keeps serviceIpv4Cidr within the private blocks, /24 to /12, off the VPC; defaults by the VPC block', async () => {
      for (const cidr of [
        '100.64.0.0/16',
        '10.0.0.0/8',
        '172.16.0.0/25',
        '10.0.0.0/16',
      ]) {
        await expect(
          createCluster({
            kubernetesNetworkConfig: { serviceIpv4Cidr: cidr },
          }),
        ).rejects.toBeInstanceOf(InvalidParameterException);
      }
      // the VPC is 10.0.0.0/16: 10.0.0.0/16 overlaps it, 10.200.0.0/16 does not
      const { cluster } = await createCluster({
        kubernetesNetworkConfig: { serviceIpv4Cidr: '10.200.0.0/16' },
      });
      expect(cluster?.kubernetesNetworkConfig?.serviceIpv4Cidr).toBe(
        '10.200.0.0/16',
      );
      const other = await eks().send(
        new CreateClusterCommand({
          name: 'default-cidr',
          roleArn: CLUSTER_ROLE,
          resourcesVpcConfig: { subnetIds: subnets },
        }),
      );
      // a VPC in 10.0.0.0/8 gets 172.20.0.0/16
      expect(other.cluster?.kubernetesNetworkConfig?.serviceIpv4Cidr).toBe(
        '172.20.0.0/16',
      );
    });

    it('parses CIDR blocks strictly', () => {
      expect(parseCidr('10.0.0.0/8')).toEqual({
        family: 'ipv4',
        address: '10.0.0.0',
        prefix: 8,
      });
      expect(parseCidr('10.0.0.1/8')).toBeUndefined();
      expect(parseCidr('256.0.0.0/8')).toBeUndefined();
      expect(parseCidr('2001:db8::/32')?.family).toBe('ipv6');
    });
  });

  describe('UpdateClusterConfig', () => {
    it('refuses bad publicAccessCidrs and an update that changes nothing', async () => {
      await activeCluster({ accessConfig: { authenticationMode: 'API' } });
      await expect(
        eks().send(
          new UpdateClusterConfigCommand({
            name: 'shop',
            resourcesVpcConfig: { publicAccessCidrs: ['1.2.3.4/40'] },
          }),
        ),
      ).rejects.toThrow(
        'The following CIDRs are invalid in publicAccessCidrs: [1.2.3.4/40]',
      );
      await expect(
        eks().send(
          new UpdateClusterConfigCommand({
            name: 'shop',
            resourcesVpcConfig: {
              endpointPublicAccess: true,
              publicAccessCidrs: ['0.0.0.0/0'],
            },
          }),
        ),
      ).rejects.toThrow(
        'Cluster is already at the desired configuration with endpointPrivateAccess: false , endpointPublicAccess: true, and Public Endpoint Restrictions: [0.0.0.0/0]',
      );
      const { update } = await eks().send(
        new UpdateClusterConfigCommand({
          name: 'shop',
          resourcesVpcConfig: { publicAccessCidrs: ['198.51.100.0/24'] },
        }),
      );
      expect(update?.type).toBe('EndpointAccessUpdate');
    });

    it('creates the creator, node group and Fargate entries when a CONFIG_MAP cluster turns on the API', async () => {
      await activeCluster();
      await eks().send(
        new CreateNodegroupCommand({
          clusterName: 'shop',
          nodegroupName: 'ng',
          nodeRole: NODE_ROLE,
          subnets,
        }),
      );
      await eks().send(
        new UpdateClusterConfigCommand({
          name: 'shop',
          accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
        }),
      );
      const entries = await eventually(async () => {
        const cluster = await eks().send(
          new DescribeClusterCommand({ name: 'shop' }),
        );
        if (cluster.cluster?.accessConfig?.authenticationMode === 'CONFIG_MAP')
          return undefined;
        return (
          await eks().send(
            new ListAccessEntriesCommand({ clusterName: 'shop' }),
          )
        ).accessEntries;
      });
      expect(entries).toEqual(
        expect.arrayContaining([
          NODE_ROLE,
          `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`,
        ]),
      );
    });
  });

  describe('automatic access entries', () => {
    it("gives a managed node group's role an EC2_LINUX entry, and leaves an existing one alone", async () => {
      await activeCluster({ accessConfig: { authenticationMode: 'API' } });
      await eks().send(
        new CreateNodegroupCommand({
          clusterName: 'shop',
          nodegroupName: 'ng',
          nodeRole: NODE_ROLE,
          subnets,
        }),
      );
      const { accessEntry } = await eks().send(
        new DescribeAccessEntryCommand({
          clusterName: 'shop',
          principalArn: NODE_ROLE,
        }),
      );
      expect(accessEntry).toMatchObject({
        type: 'EC2_LINUX',
        username: 'system:node:{{EC2PrivateDNSName}}',
        kubernetesGroups: ['system:nodes'],
      });
      await eks().send(
        new CreateNodegroupCommand({
          clusterName: 'shop',
          nodegroupName: 'ng2',
          nodeRole: NODE_ROLE,
          subnets,
        }),
      );
      const again = await eks().send(
        new DescribeAccessEntryCommand({
          clusterName: 'shop',
          principalArn: NODE_ROLE,
        }),
      );
      expect(again.accessEntry?.accessEntryArn).toBe(
        accessEntry?.accessEntryArn,
      );
    });

    it("gives a Fargate profile's pod execution role a FARGATE_LINUX entry", async () => {
      await activeCluster({ accessConfig: { authenticationMode: 'API' } });
      const podRole = await role('fargate-pods', [
        'eks-fargate-pods.amazonaws.com',
      ]);
      await eks().send(
        new CreateFargateProfileCommand({
          clusterName: 'shop',
          fargateProfileName: 'fp',
          podExecutionRoleArn: podRole,
          subnets,
          selectors: [{ namespace: 'batch' }],
        }),
      );
      const { accessEntry } = await eks().send(
        new DescribeAccessEntryCommand({
          clusterName: 'shop',
          principalArn: podRole,
        }),
      );
      expect(accessEntry).toMatchObject({
        type: 'FARGATE_LINUX',
        username: 'system:node:{{SessionName}}',
      });
    });

    it("gives Auto Mode's cluster role its capability policies and its node role an EC2 entry with AmazonEKSAutoNodePolicy", async () => {
      await activeCluster({
        accessConfig: { authenticationMode: 'API' },
        computeConfig: {
          enabled: true,
          nodePools: ['general-purpose'],
          nodeRoleArn: NODE_ROLE,
        },
        storageConfig: { blockStorage: { enabled: true } },
        kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      });
      const node = await eks().send(
        new DescribeAccessEntryCommand({
          clusterName: 'shop',
          principalArn: NODE_ROLE,
        }),
      );
      expect(node.accessEntry?.type).toBe('EC2');
      const nodePolicies = await eks().send(
        new ListAssociatedAccessPoliciesCommand({
          clusterName: 'shop',
          principalArn: NODE_ROLE,
        }),
      );
      expect(
        nodePolicies.associatedAccessPolicies?.map(p => p.policyArn),
      ).toEqual([
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy',
      ]);
      await expect(
        eks().send(
          new UpdateClusterConfigCommand({
            name: 'shop',
            computeConfig: {
              enabled: true,
              nodePools: ['general-purpose'],
              nodeRoleArn: POD_ROLE,
            },
            storageConfig: { blockStorage: { enabled: true } },
            kubernetesNetworkConfig: {
              elasticLoadBalancing: { enabled: true },
            },
          }),
        ),
      ).rejects.toThrow(/nodeRoleArn: cannot be changed/);
      const clusterPolicies = await eks().send(
        new ListAssociatedAccessPoliciesCommand({
          clusterName: 'shop',
          principalArn: CLUSTER_ROLE,
        }),
      );
      expect(
        clusterPolicies.associatedAccessPolicies?.map(p => p.policyArn).sort(),
      ).toEqual(
        [
          'AmazonEKSBlockStorageClusterPolicy',
          'AmazonEKSComputeClusterPolicy',
          'AmazonEKSLoadBalancingClusterPolicy',
          'AmazonEKSNetworkingClusterPolicy',
        ].map(n => `arn:aws:eks::aws:cluster-access-policy/${n}`),
      );
    });
  });

  describe('CreateNodegroup', () => {
    beforeEach(() =>
      activeCluster({ accessConfig: { authenticationMode: 'API' } }),
    );
    const createNodegroup = (overrides: Record<string, unknown> = {}) =>
      eks().send(
        new CreateNodegroupCommand({
          clusterName: 'shop',
          nodegroupName: 'ng',
          nodeRole: NODE_ROLE,
          subnets,
          ...overrides,
        }),
      );

    it('needs a node role that trusts ec2.amazonaws.com', async () => {
      await expect(createNodegroup({ nodeRole: POD_ROLE })).rejects.toThrow(
        `Following required service principals [ec2.amazonaws.com] were not found in the trust relationships of nodeRole ${POD_ROLE}`,
      );
      await expect(createNodegroup()).resolves.toBeDefined();
    });

    it('accepts an instance type EC2 does not know, then fails the node group with Ec2InstanceTypeDoesNotExist', async () => {
      await createNodegroup({ instanceTypes: ['banana.large'] });
      const failed = await eventually(async () => {
        const { nodegroup } = await eks().send(
          new DescribeNodegroupCommand({
            clusterName: 'shop',
            nodegroupName: 'ng',
          }),
        );
        return nodegroup?.status === 'CREATING' ? undefined : nodegroup;
      });
      expect(failed.status).toBe('CREATE_FAILED');
      expect(failed.health?.issues?.[0]).toMatchObject({
        code: 'Ec2InstanceTypeDoesNotExist',
        message: expect.stringContaining('banana.large'),
      });
      await createNodegroup({
        nodegroupName: 'good',
        instanceTypes: ['m7i.large'],
      });
      const good = await eventually(async () => {
        const { nodegroup } = await eks().send(
          new DescribeNodegroupCommand({
            clusterName: 'shop',
            nodegroupName: 'good',
          }),
        );
        return nodegroup?.status === 'CREATING' ? undefined : nodegroup;
      });
      expect(good.status).toBe('ACTIVE');
    });

    it('refuses instance types in both the launch template and the request, and remote access with a launch template', async () => {
      const ec2 = sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
      const withType = addLaunchTemplate(ec2, {
        name: 'with-type',
        data: {
          instanceType: 'm5.large',
          securityGroupIds: [],
          tagSpecifications: [],
        },
      });
      const refused = await createNodegroup({
        launchTemplate: { id: withType.launchTemplateId },
        instanceTypes: ['m5.xlarge'],
      }).catch(e => e);
      expect(refused).toBeInstanceOf(InvalidRequestException);
      expect(refused.message).toBe(
        'Cannot specify instance types in launch template and API request',
      );
      await expect(
        createNodegroup({
          launchTemplate: { id: withType.launchTemplateId },
          remoteAccess: { ec2SshKey: 'mine' },
        }),
      ).rejects.toThrow(
        'Remote access configuration cannot be specified with a launch template.',
      );
      await expect(
        createNodegroup({ launchTemplate: { id: withType.launchTemplateId } }),
      ).resolves.toBeDefined();
    });

    it('keeps the launch template a node group was created with (only its version changes)', async () => {
      const ec2 = sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
      const data = { securityGroupIds: [], tagSpecifications: [] };
      const first = addLaunchTemplate(ec2, { name: 'first', data });
      const other = addLaunchTemplate(ec2, { name: 'other', data });
      await createNodegroup({
        launchTemplate: { id: first.launchTemplateId },
      });
      await eventually(async () => {
        const { nodegroup } = await eks().send(
          new DescribeNodegroupCommand({
            clusterName: 'shop',
            nodegroupName: 'ng',
          }),
        );
        return nodegroup?.status === 'ACTIVE' ? nodegroup : undefined;
      });
      await expect(
        eks().send(
          new UpdateNodegroupVersionCommand({
            clusterName: 'shop',
            nodegroupName: 'ng',
            launchTemplate: { id: other.launchTemplateId },
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      const { update } = await eks().send(
        new UpdateNodegroupVersionCommand({
          clusterName: 'shop',
          nodegroupName: 'ng',
          launchTemplate: { id: first.launchTemplateId, version: '1' },
        }),
      );
      expect(update?.type).toBe('VersionUpdate');
    });

    it('takes one of maxUnavailable (1-100) and maxUnavailablePercentage, and a Windows disk of 50 GiB', async () => {
      await expect(
        createNodegroup({
          updateConfig: { maxUnavailable: 1, maxUnavailablePercentage: 10 },
        }),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(
        createNodegroup({ updateConfig: { maxUnavailable: 101 } }),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      const { nodegroup } = await createNodegroup({
        amiType: 'WINDOWS_CORE_2022_x86_64',
        updateConfig: { maxUnavailablePercentage: 25 },
      });
      expect(nodegroup?.diskSize).toBe(50);
      expect(nodegroup?.updateConfig).toEqual({ maxUnavailablePercentage: 25 });
    });
  });

  describe('access entries', () => {
    beforeEach(() =>
      activeCluster({ accessConfig: { authenticationMode: 'API' } }),
    );
    const createEntry = (body: Record<string, unknown>) =>
      eks().send(
        new CreateAccessEntryCommand({
          clusterName: 'shop',
          principalArn: POD_ROLE,
          ...body,
        }),
      );

    it("names a role's STANDARD entry after its STS session, without the role's path", async () => {
      const withPath = (
        await iamClient(sandbox).send(
          new CreateRoleCommand({
            RoleName: 'deployer',
            Path: '/team/',
            AssumeRolePolicyDocument: serviceTrustPolicy(['ec2.amazonaws.com']),
          }),
        )
      ).Role!.Arn!;
      const { accessEntry } = await createEntry({ principalArn: withPath });
      expect(accessEntry?.username).toBe(
        `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/{{SessionName}}`,
      );
    });

    it('refuses reserved username prefixes and {{SessionName}} without a colon before it', async () => {
      for (const username of [
        'system:me',
        'eks:x',
        'aws:x',
        'amazon:x',
        'iam:x',
        'me{{SessionName}}',
      ]) {
        await expect(createEntry({ username })).rejects.toBeInstanceOf(
          InvalidParameterException,
        );
      }
      const { accessEntry } = await createEntry({
        username: 'deploy:{{SessionName}}',
      });
      expect(accessEntry?.username).toBe('deploy:{{SessionName}}');
      await expect(
        eks().send(
          new UpdateAccessEntryCommand({
            clusterName: 'shop',
            principalArn: POD_ROLE,
            username: 'system:admin',
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('takes only roles of the cluster account for node types, no service-linked roles, and no groups on node entries', async () => {
      await expect(
        createEntry({
          principalArn: `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`,
          type: 'EC2_LINUX',
        }),
      ).rejects.toThrow(/take an IAM role only/);
      await expect(
        createEntry({ type: 'EC2_LINUX', kubernetesGroups: ['nodes'] }),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      const linked = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS`;
      await expect(
        createEntry({ principalArn: linked }),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      const { accessEntry } = await createEntry({ type: 'EC2_LINUX' });
      expect(accessEntry?.kubernetesGroups).toEqual(['system:nodes']);
      await expect(
        eks().send(
          new UpdateAccessEntryCommand({
            clusterName: 'shop',
            principalArn: POD_ROLE,
            kubernetesGroups: ['more'],
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });

    it('associates access policies with STANDARD and EC2 entries only', async () => {
      await createEntry({ type: 'EC2' });
      const { associatedAccessPolicy } = await eks().send(
        new AssociateAccessPolicyCommand({
          clusterName: 'shop',
          principalArn: POD_ROLE,
          policyArn:
            'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy',
          accessScope: { type: 'cluster' },
        }),
      );
      expect(associatedAccessPolicy?.policyArn).toMatch(
        /AmazonEKSAutoNodePolicy$/,
      );
      const selfManaged = await role('self-managed', ['ec2.amazonaws.com']);
      await createEntry({ principalArn: selfManaged, type: 'EC2_LINUX' });
      await expect(
        eks().send(
          new AssociateAccessPolicyCommand({
            clusterName: 'shop',
            principalArn: selfManaged,
            policyArn:
              'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
            accessScope: { type: 'cluster' },
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    });
  });

  describe('add-ons with Pod Identity', () => {
    it('refuses associations for an add-on without Pod Identity, or for a service account it does not use', async () => {
      const create = (addonName: string, serviceAccount: string) =>
        eks().send(
          new CreateAddonCommand({
            clusterName: 'demo',
            addonName,
            podIdentityAssociations: [{ serviceAccount, roleArn: POD_ROLE }],
          }),
        );
      const refused = await create('cert-manager', 'cert-manager').catch(
        e => e,
      );
      expect(refused).toBeInstanceOf(InvalidParameterException);
      expect(refused.message).toMatch(
        /^Pod Identity feature is not supported for addon version: v/,
      );
      await expect(create('external-dns', 'someone-else')).rejects.toThrow(
        'Service account someone-else in pod identity configuration is not supported for addon external-dns',
      );
      const { addon } = await create('external-dns', 'external-dns');
      expect(addon?.podIdentityAssociations).toHaveLength(1);
    });
  });

  describe('Pod Identity associations', () => {
    it('need a role that exists and trusts pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession', async () => {
      const create = (roleArn: string, disableSessionTags?: boolean) =>
        eks().send(
          new CreatePodIdentityAssociationCommand({
            clusterName: 'demo',
            namespace: 'shop',
            serviceAccount: 'cart',
            roleArn,
            disableSessionTags,
          }),
        );
      await expect(
        create(`arn:aws:iam::${ACCOUNT}:role/missing`),
      ).rejects.toThrow('Role provided in the request does not exist');
      await expect(create(NODE_ROLE)).rejects.toThrow(
        'Trust policy of the role provided is invalid. Follow the official documentation to resolve the issue.',
      );
      const assumeOnly = await role(
        'assume-only',
        ['pods.eks.amazonaws.com'],
        ['sts:AssumeRole'],
      );
      await expect(create(assumeOnly)).rejects.toBeInstanceOf(
        InvalidParameterException,
      );
      const { association } = await create(assumeOnly, true);
      expect(association?.roleArn).toBe(assumeOnly);
    });
  });
});
