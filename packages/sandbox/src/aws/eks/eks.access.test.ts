import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateClusterCommand,
  CreateFargateProfileCommand,
  CreatePodIdentityAssociationCommand,
  DeleteAccessEntryCommand,
  DeleteFargateProfileCommand,
  DeletePodIdentityAssociationCommand,
  DescribeAccessEntryCommand,
  DescribeFargateProfileCommand,
  DescribeInsightCommand,
  DescribePodIdentityAssociationCommand,
  DisassociateAccessPolicyCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListFargateProfilesCommand,
  ListInsightsCommand,
  ListPodIdentityAssociationsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilClusterActive,
  waitUntilFargateProfileActive,
  waitUntilFargateProfileDeleted,
} from '@aws-sdk/client-eks';
import { eksClient, fastWaiter } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';
const KARPENTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/KarpenterController-demo`;
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-node`;

describe('EKS Pod Identity, access entries, Fargate and insights', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  let privateSubnets: string[];
  beforeEach(async () => {
    await sandbox.reset();
    privateSubnets = [
      ...sandbox.state.region(ACCOUNT, 'eu-west-1').ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
  });

  it('creates, finds, describes and deletes Pod Identity associations, one per service account', async () => {
    const eks = eksClient(sandbox);
    const { association } = await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'demo',
        namespace: 'shop',
        serviceAccount: 'cart',
        roleArn: KARPENTER_ROLE,
        tags: { app: 'cart' },
      }),
    );
    expect(association?.associationId).toMatch(/^a-[0-9a-z]{17}$/);
    expect(association?.associationArn).toBe(
      `arn:aws:eks:eu-west-1:${ACCOUNT}:podidentityassociation/demo/${association?.associationId}`,
    );
    await expect(
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'demo',
          namespace: 'shop',
          serviceAccount: 'cart',
          roleArn: KARPENTER_ROLE,
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'demo',
          namespace: 'shop',
          serviceAccount: 'other',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/missing`,
        }),
      ),
    ).rejects.toThrow('Role provided in the request does not exist');
    await expect(
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'demo',
          namespace: 'Shop!',
          serviceAccount: 'x',
          roleArn: NODE_ROLE,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'demo',
        namespace: 'shop',
      }),
    );
    expect(associations).toEqual([
      expect.objectContaining({
        namespace: 'shop',
        serviceAccount: 'cart',
        associationId: association?.associationId,
      }),
    ]);
    const all = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: 'demo' }),
    );
    expect(
      all.associations?.map(a => `${a.namespace}/${a.serviceAccount}`).sort(),
    ).toEqual([
      'kube-system/aws-load-balancer-controller',
      'kube-system/karpenter',
      'shop/cart',
    ]);
    const described = await eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: association!.associationId!,
      }),
    );
    expect(described.association).toMatchObject({
      roleArn: KARPENTER_ROLE,
      tags: { app: 'cart' },
    });
    await eks.send(
      new DeletePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: association!.associationId!,
      }),
    );
    await expect(
      eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName: 'demo',
          associationId: association!.associationId!,
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('manages access entries and their access policies', async () => {
    const eks = eksClient(sandbox);
    // the node group's role has the EC2_LINUX entry EKS made for it
    const principalArn = KARPENTER_ROLE;
    const { accessEntry } = await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'demo',
        principalArn,
        kubernetesGroups: ['viewers'],
      }),
    );
    expect(accessEntry).toMatchObject({
      principalArn,
      type: 'STANDARD',
      kubernetesGroups: ['viewers'],
      username: `arn:aws:sts::${ACCOUNT}:assumed-role/KarpenterController-demo/{{SessionName}}`,
    });
    await expect(
      eks.send(
        new CreateAccessEntryCommand({ clusterName: 'demo', principalArn }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(
      eks.send(
        new CreateAccessEntryCommand({
          clusterName: 'demo',
          principalArn: `arn:aws:iam::${ACCOUNT}:role/missing`,
        }),
      ),
    ).rejects.toThrow(/invalid principal/);
    await expect(
      eks.send(
        new CreateAccessEntryCommand({
          clusterName: 'demo',
          principalArn: `arn:aws:iam::${ACCOUNT}:user/missing`,
        }),
      ),
    ).rejects.toThrow(/invalid principal/);
    const policyArn =
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
    const associated = await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'demo',
        principalArn,
        policyArn,
        accessScope: { type: 'namespace', namespaces: ['shop'] },
      }),
    );
    expect(associated.associatedAccessPolicy).toMatchObject({
      policyArn,
      accessScope: { type: 'namespace', namespaces: ['shop'] },
    });
    await expect(
      eks.send(
        new AssociateAccessPolicyCommand({
          clusterName: 'demo',
          principalArn,
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/Nope',
          accessScope: { type: 'cluster' },
        }),
      ),
    ).rejects.toThrow(/is not an EKS access policy/);
    const listed = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'demo',
        principalArn,
      }),
    );
    expect(listed.associatedAccessPolicies?.map(p => p.policyArn)).toEqual([
      policyArn,
    ]);
    await eks.send(
      new DisassociateAccessPolicyCommand({
        clusterName: 'demo',
        principalArn,
        policyArn,
      }),
    );
    expect(
      (
        await eks.send(
          new ListAssociatedAccessPoliciesCommand({
            clusterName: 'demo',
            principalArn,
          }),
        )
      ).associatedAccessPolicies,
    ).toEqual([]);
    const { accessEntries } = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'demo' }),
    );
    expect(accessEntries).toEqual(
      expect.arrayContaining([
        principalArn,
        NODE_ROLE,
        `arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-demo`,
        `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`,
      ]),
    );
    const creator = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'demo',
        principalArn: `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`,
      }),
    );
    expect(creator.associatedAccessPolicies?.[0].policyArn).toBe(
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
    );
    await eks.send(
      new DeleteAccessEntryCommand({ clusterName: 'demo', principalArn }),
    );
    await expect(
      eks.send(
        new DescribeAccessEntryCommand({ clusterName: 'demo', principalArn }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const policies = await eks.send(new ListAccessPoliciesCommand({}));
    expect(policies.accessPolicies?.map(p => p.name)).toContain(
      'AmazonEKSClusterAdminPolicy',
    );
  });

  it('refuses access entries on CONFIG_MAP clusters', async () => {
    const eks = eksClient(sandbox);
    await eks.send(
      new CreateClusterCommand({
        name: 'legacy',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/demo-cluster`,
        resourcesVpcConfig: { subnetIds: privateSubnets },
        accessConfig: { authenticationMode: 'CONFIG_MAP' },
      }),
    );
    await waitUntilClusterActive(fastWaiter(eks), { name: 'legacy' });
    await expect(
      eks.send(
        new CreateAccessEntryCommand({
          clusterName: 'legacy',
          principalArn: NODE_ROLE,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidRequestException);
  });

  it('creates and deletes Fargate profiles on private subnets', async () => {
    const eks = eksClient(sandbox);
    const publicSubnet = [
      ...sandbox.state.region(ACCOUNT, 'eu-west-1').ec2.subnets.values(),
    ].find(s => s.mapPublicIpOnLaunch)!;
    const input = {
      clusterName: 'demo',
      fargateProfileName: 'batch',
      podExecutionRoleArn: NODE_ROLE,
      subnets: privateSubnets,
      selectors: [{ namespace: 'batch', labels: { tier: 'jobs' } }],
    };
    await expect(
      eks.send(
        new CreateFargateProfileCommand({
          ...input,
          subnets: [publicSubnet.subnetId],
        }),
      ),
    ).rejects.toThrow(/only support private subnets/);
    const { fargateProfile } = await eks.send(
      new CreateFargateProfileCommand(input),
    );
    expect(fargateProfile?.status).toBe('CREATING');
    await waitUntilFargateProfileActive(fastWaiter(eks), {
      clusterName: 'demo',
      fargateProfileName: 'batch',
    });
    expect(
      (await eks.send(new ListFargateProfilesCommand({ clusterName: 'demo' })))
        .fargateProfileNames,
    ).toEqual(['batch']);
    const described = await eks.send(
      new DescribeFargateProfileCommand({
        clusterName: 'demo',
        fargateProfileName: 'batch',
      }),
    );
    expect(described.fargateProfile?.selectors).toEqual([
      { namespace: 'batch', labels: { tier: 'jobs' } },
    ]);
    await eks.send(
      new DeleteFargateProfileCommand({
        clusterName: 'demo',
        fargateProfileName: 'batch',
      }),
    );
    await waitUntilFargateProfileDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      fargateProfileName: 'batch',
    });
  });

  it('lists and describes upgrade insights evaluated against the cluster', async () => {
    const eks = eksClient(sandbox);
    const { insights } = await eks.send(
      new ListInsightsCommand({ clusterName: 'demo' }),
    );
    expect(insights?.map(i => i.name)).toEqual([
      'Amazon EKS add-on version compatibility',
      'Kubelet version skew',
      'kube-proxy version skew',
      'Cluster health issues',
      'Deprecated APIs removed in Kubernetes v1.34',
    ]);
    expect(
      insights?.every(
        i =>
          i.category === 'UPGRADE_READINESS' && i.kubernetesVersion === '1.34',
      ),
    ).toBe(true);
    const addonInsight = insights![0];
    // the seeded vpc-cni default for 1.33 runs on 1.34, the coredns 1.33
    // build does not; kube-proxy, whose builds are per minor version, may lag
    // the control plane (Kubernetes' skew policy): its own insight says so
    expect(addonInsight.insightStatus?.status).toBe('ERROR');
    expect(addonInsight.insightStatus?.reason).toContain('coredns');
    expect(addonInsight.insightStatus?.reason).not.toContain('kube-proxy');
    const { insight } = await eks.send(
      new DescribeInsightCommand({ clusterName: 'demo', id: addonInsight.id! }),
    );
    expect(insight?.categorySpecificSummary?.addonCompatibilityDetails).toEqual(
      expect.arrayContaining([
        {
          name: 'kube-proxy',
          compatibleVersions: ['v1.34.1-eksbuild.2', 'v1.34.0-eksbuild.2'],
        },
      ]),
    );
    expect(insight?.recommendation).toMatch(/Upgrade the EKS add-on/);
    const passing = await eks.send(
      new ListInsightsCommand({
        clusterName: 'demo',
        filter: { statuses: ['PASSING'] },
      }),
    );
    expect(
      passing.insights?.every(i => i.insightStatus?.status === 'PASSING'),
    ).toBe(true);
    await expect(
      eks.send(new DescribeInsightCommand({ clusterName: 'demo', id: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
