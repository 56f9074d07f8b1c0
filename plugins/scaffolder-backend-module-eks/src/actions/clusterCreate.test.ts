import {
  actionContext,
  writesOf,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  useActionSandbox,
  createSandboxRole,
  setupClients,
  runCrashedThenResumed,
  throttleCalls,
} from '@backstage-eks/scaffolder-test-utils';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  ModifyLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeAccessEntryCommand,
  DescribeNodegroupCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { createEksClusterCreateAction } from './clusterCreate';
import { examples } from './clusterCreate.examples';

jest.setTimeout(60_000);

describe('aws:eks:cluster:create', () => {
  const harness = useActionSandbox({
    prepare: async ({ sandbox }) => {
      await createSandboxRole(sandbox, 'platform-admins', 'ec2.amazonaws.com');
      sandbox.clearWrites();
    },
  });

  const action = () => createEksClusterCreateAction(harness.options);
  const baseInput = {
    clusterName: 'payments',
    adminPrincipalArns: ['arn:aws:iam::000000000000:role/platform-admins'],
    nodeGroup: {
      name: 'system',
      instanceTypes: ['m7i.large'],
      minSize: 2,
      maxSize: 4,
      desiredSize: 2,
    },
  };

  it('creates an ACTIVE cluster with roles, access entries and an IMDSv2 node group, and outputs a catalog entity', async () => {
    const { ctx, outputs, logLines } = actionContext(baseInput);
    await action().handler(ctx);

    expect(outputs.status).toBe('ACTIVE');
    expect(outputs.arn).toBe(
      'arn:aws:eks:eu-west-1:000000000000:cluster/payments',
    );
    expect(outputs.endpoint).toBe(harness.sandbox.clusterEndpoint('payments'));
    expect(outputs.endpoint).toMatch(/^https:\/\//);
    expect(outputs.certificateAuthority).toBe(
      Buffer.from(harness.sandbox.certificateAuthority).toString('base64'),
    );
    expect(outputs.oidcIssuer).toMatch(/^https:\/\/oidc\.eks\./);
    expect(outputs.created).toBe(true);
    const entity = outputs.entity as any;
    expect(entity.kind).toBe('Resource');
    expect(entity.spec.type).toBe('kubernetes-cluster');
    expect(entity.metadata.annotations).toMatchObject({
      'eks.backstage.io/cluster-arn': outputs.arn,
      'amazonaws.com/arn': outputs.arn,
      'kubernetes.io/api-server': outputs.endpoint,
      'kubernetes.io/api-server-certificate-authority':
        outputs.certificateAuthority,
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/x-k8s-aws-id': 'payments',
    });

    const writes = harness.sandbox.writes;
    const create = writes.find(w => w.operation === 'CreateCluster')!;
    expect(create.params).toMatchObject({
      name: 'payments',
      accessConfig: { authenticationMode: 'API' },
    });
    // default version: the newest EKS offers
    const versions = writes.length && (create.params as any).version;
    expect(versions).toMatch(/^1\.\d+$/);
    const lt = writes.find(w => w.operation === 'CreateLaunchTemplate')!;
    expect(JSON.stringify(lt.params)).toMatch(/HttpTokens.*required/);
    expect(JSON.stringify(lt.params)).toMatch(/HttpPutResponseHopLimit\D+2/);
    expect(writesOf(harness.sandbox)).toEqual(
      expect.arrayContaining([
        'iam:CreateRole',
        'eks:CreateAccessEntry',
        'eks:AssociateAccessPolicy',
        'eks:CreateNodegroup',
      ]),
    );
    expect(logLines.join('\n')).toMatch(
      /Waiting for cluster payments to become ACTIVE/,
    );
    expect(logLines.join('\n')).toMatch(/done after/);
  });

  it('gives an existing IAM user cluster admin through an access entry', async () => {
    const { eks, iam } = setupClients(harness.sandbox);
    await iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/platform/' }),
    );
    const alice = 'arn:aws:iam::000000000000:user/platform/alice';
    const { ctx, outputs } = actionContext({
      clusterName: 'payments',
      adminPrincipalArns: [alice],
    });
    await action().handler(ctx);
    expect(outputs.status).toBe('ACTIVE');
    const { accessEntry } = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'payments',
        principalArn: alice,
      }),
    );
    expect(accessEntry).toMatchObject({
      principalArn: alice,
      type: 'STANDARD',
    });
    const { associatedAccessPolicies } = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'payments',
        principalArn: alice,
      }),
    );
    expect(associatedAccessPolicies).toEqual([
      expect.objectContaining({
        policyArn:
          'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      }),
    ]);
  });

  it.each([
    ['a user that does not exist', 'arn:aws:iam::000000000000:user/ghost'],
    [
      'an existing user name under another path',
      'arn:aws:iam::000000000000:user/elsewhere/alice',
    ],
  ])(
    'refuses %s as admin principal before any write',
    async (_case, principalArn) => {
      await setupClients(harness.sandbox).iam.send(
        new CreateUserCommand({ UserName: 'alice', Path: '/platform/' }),
      );
      harness.sandbox.clearWrites();
      const { ctx } = actionContext({
        ...baseInput,
        adminPrincipalArns: [baseInput.adminPrincipalArns[0], principalArn],
      });
      const error = await action()
        .handler(ctx)
        .catch(e => e);
      expect(error).toMatchObject({
        name: 'InputError',
        message: `adminPrincipalArns[1] must name an existing IAM user: ${principalArn} does not exist`,
      });
      expect(harness.sandbox.writes).toEqual([]);
    },
  );

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(baseInput).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(baseInput);
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(outputs.created).toBe(false);
    expect(outputs.plan).toEqual([]);
  });

  it('changes the node group scaling to the requested one, as a change rather than drift', async () => {
    await action().handler(actionContext(baseInput).ctx);
    const { eks } = setupClients(harness.sandbox);
    await eks.send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'payments',
        nodegroupName: 'system',
        scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 1 },
      }),
    );
    await waitUntilNodegroupActive(
      { client: eks, maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.1 },
      { clusterName: 'payments', nodegroupName: 'system' },
    );
    harness.sandbox.clearWrites();
    const { ctx, outputs, logLines } = actionContext(baseInput);
    await action().handler(ctx);
    expect(outputs.drift).toEqual([]);
    expect(logLines).toContain(
      'info: Changing as asked: node group system scales 1-4 (desired 1), wanted 2-4 (desired 2)',
    );
    expect(logLines.filter(l => l.includes('Drift'))).toEqual([]);
    expect(writesOf(harness.sandbox)).toEqual(['eks:UpdateNodegroupConfig']);
  });

  it('rolls out a corrected launch template when the node group runs one with hop limit 1', async () => {
    await action().handler(actionContext(baseInput).ctx);
    const { eks } = setupClients(harness.sandbox);
    const ec2 = new EC2Client({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: {
        accessKeyId: harness.sandbox.accountId,
        secretAccessKey: 'sandbox',
      },
    });
    const nodegroup = { clusterName: 'payments', nodegroupName: 'system' };
    const waitActive = () =>
      waitUntilNodegroupActive(
        { client: eks, maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.1 },
        nodegroup,
      );
    const template = (await eks.send(new DescribeNodegroupCommand(nodegroup)))
      .nodegroup!.launchTemplate!;
    expect(template).toMatchObject({ name: 'payments-system', version: '1' });
    // someone rolls the node group onto a version with hop limit 1
    const broken = await ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: template.id,
        SourceVersion: '1',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 1,
          },
        },
      }),
    );
    expect(broken.LaunchTemplateVersion?.VersionNumber).toBe(2);
    await ec2.send(
      new ModifyLaunchTemplateCommand({
        LaunchTemplateId: template.id,
        DefaultVersion: '2',
      }),
    );
    await eks.send(
      new UpdateNodegroupVersionCommand({
        ...nodegroup,
        launchTemplate: { id: template.id, version: '2' },
      }),
    );
    await waitActive();
    const hopLimits = async () =>
      (
        await ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: 'tag:eks:cluster-name', Values: ['payments'] },
              { Name: 'tag:eks:nodegroup-name', Values: ['system'] },
              { Name: 'instance-state-name', Values: ['running'] },
            ],
          }),
        )
      )
        .Reservations!.flatMap(r => r.Instances!)
        .map(i => i.MetadataOptions?.HttpPutResponseHopLimit);
    expect(await hopLimits()).toEqual([1, 1]);

    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(baseInput);
    await action().handler(ctx);
    expect(outputs.drift).toEqual([
      'launch template payments-system allows HttpTokens=required with hop limit 1; pods such as the AWS Load Balancer Controller need IMDSv2 with hop limit 2',
      'node group system uses launch template version 2, not 3',
    ]);
    expect(writesOf(harness.sandbox)).toEqual([
      'ec2:CreateLaunchTemplateVersion',
      'ec2:ModifyLaunchTemplate',
      'eks:UpdateNodegroupVersion',
    ]);
    const corrected = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: template.id,
        Versions: ['$Default'],
      }),
    );
    expect(corrected.LaunchTemplateVersions?.[0]).toMatchObject({
      VersionNumber: 3,
      LaunchTemplateData: {
        MetadataOptions: {
          HttpTokens: 'required',
          HttpPutResponseHopLimit: 2,
        },
      },
    });
    // the action waited for the rollout: the node group and its nodes use version 3
    expect(
      (await eks.send(new DescribeNodegroupCommand(nodegroup))).nodegroup,
    ).toMatchObject({
      status: 'ACTIVE',
      launchTemplate: { id: template.id, version: '3' },
    });
    expect(await hopLimits()).toEqual([2, 2]);

    harness.sandbox.clearWrites();
    const again = actionContext(baseInput);
    await action().handler(again.ctx);
    expect(again.outputs.drift).toEqual([]);
    expect(harness.sandbox.writes).toEqual([]);
  });

  it('creates an Auto Mode cluster with compute, block storage and load balancing managed by EKS', async () => {
    const { ctx, outputs } = actionContext({
      clusterName: 'auto',
      autoMode: true,
    });
    await action().handler(ctx);
    expect(outputs.status).toBe('ACTIVE');
    const create = harness.sandbox.writes.find(
      w => w.operation === 'CreateCluster',
    )!;
    expect(create.params).toMatchObject({
      computeConfig: {
        enabled: true,
        nodePools: ['general-purpose', 'system'],
      },
      storageConfig: { blockStorage: { enabled: true } },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    });
    const attached = harness.sandbox.writes
      .filter(w => w.operation === 'AttachRolePolicy')
      .map(w =>
        String((w.params as any).PolicyArn)
          .split('/')
          .pop(),
      );
    expect(attached).toEqual(
      expect.arrayContaining([
        'AmazonEKSComputePolicy',
        'AmazonEKSBlockStoragePolicy',
        'AmazonEKSLoadBalancingPolicy',
        'AmazonEKSWorkerNodeMinimalPolicy',
      ]),
    );
  });

  it('creates a cluster with its support policy, deletion protection, zonal shift, control plane tier and egress, and Hybrid Nodes networks', async () => {
    const hybridRole = await createSandboxRole(
      harness.sandbox,
      'payments-hybrid-nodes',
      'ssm.amazonaws.com',
    );
    const { ctx, outputs } = actionContext({
      clusterName: 'hybrid',
      upgradePolicy: 'STANDARD',
      zonalShift: true,
      controlPlaneTier: 'tier-xl',
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      remoteNetwork: {
        nodeCidrs: ['192.168.100.0/24'],
        podCidrs: ['192.168.200.0/24'],
        hybridNodesRoleArn: hybridRole,
      },
      tags: { environment: 'production' },
    });
    await action().handler(ctx);
    expect(outputs.status).toBe('ACTIVE');
    expect(outputs.deletionProtection).toBe(true);
    const cluster = harness.sandbox.state
      .region('000000000000', 'eu-west-1')
      .eks.clusters.get('hybrid');
    expect(cluster).toMatchObject({
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
    const { eks } = setupClients(harness.sandbox);
    const { accessEntry } = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'hybrid',
        principalArn: hybridRole,
      }),
    );
    expect(accessEntry?.type).toBe('HYBRID_LINUX');
  });

  it('gives an admin role of another account a STANDARD access entry, looked up in that account first', async () => {
    const iam = new IAMClient({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: { accessKeyId: '222233334444', secretAccessKey: 'sandbox' },
    });
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'central-admins',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [],
        }),
      }),
    );
    const { ctx, outputs } = actionContext({
      clusterName: 'shared',
      adminPrincipalArns: [Role!.Arn!],
    });
    await action().handler(ctx);
    expect(outputs.status).toBe('ACTIVE');
    const { accessEntry } = await setupClients(harness.sandbox).eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'shared',
        principalArn: Role!.Arn!,
      }),
    );
    expect(accessEntry?.type).toBe('STANDARD');
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(baseInput, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(outputs.status).toBe('PLANNED');
    expect((outputs.plan as any[]).map(p => p.resource)).toEqual(
      expect.arrayContaining(['EKS cluster payments', 'node group system']),
    );
  });

  it('resumes after a crash without repeating checkpointed writes', async () => {
    // First attempt: crash right after CreateCluster was sent.
    const resumed = await runCrashedThenResumed(
      action,
      baseInput,
      '/create/cluster/',
    );
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:CreateCluster')).toHaveLength(1);
    expect(ops.filter(o => o === 'iam:CreateRole')).toHaveLength(2);
    expect(resumed.outputs.status).toBe('ACTIVE');
  });

  it('retries throttled calls', async () => {
    throttleCalls(harness.sandbox, [{ service: 'eks', throttleRate: 0.3 }]);
    const { ctx, outputs } = actionContext({ clusterName: 'throttled' });
    await action().handler(ctx);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.injected()).toBeGreaterThan(0);
    expect(outputs.status).toBe('ACTIVE');
  });

  it.each([
    [{ clusterName: '-bad' }, /^clusterName must start with a letter or digit/],
    [
      { clusterName: 'ok', kubernetesVersion: '133' },
      /^kubernetesVersion must be a Kubernetes minor version/,
    ],
    [
      { clusterName: 'ok', kubernetesVersion: '1.2' },
      /^kubernetesVersion must be one EKS offers/,
    ],
    [
      { clusterName: 'ok', subnetIds: ['subnet-1', 'subnet-2'] },
      /^subnetIds\[0\] must be a subnet id/,
    ],
    [
      { clusterName: 'ok', subnetIds: ['subnet-0123456789abcdef0'] },
      /^subnetIds must list at least 2 subnets/,
    ],
    [
      {
        clusterName: 'ok',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      },
      /^subnetIds must name existing subnets/,
    ],
    [
      { clusterName: 'ok', clusterRoleArn: 'arn:aws:iam::111111111111:role/x' },
      /^clusterRoleArn must be a role in account 000000000000/,
    ],
    [
      { clusterName: 'ok', nodeRoleArn: 'arn:aws-cn:iam::000000000000:role/x' },
      /^nodeRoleArn must be in partition "aws"/,
    ],
    [
      { clusterName: 'ok', adminPrincipalArns: ['admins'] },
      /^adminPrincipalArns\[0\] must be an IAM role or user ARN/,
    ],
    [
      {
        clusterName: 'ok',
        adminPrincipalArns: ['arn:aws:iam::000000000000:role/ghost'],
      },
      /^adminPrincipalArns\[0\] must name an existing IAM role/,
    ],
    [
      {
        clusterName: 'ok',
        adminPrincipalArns: ['arn:aws:iam::222233334444:role/ghost'],
      },
      /^adminPrincipalArns\[0\] must name an existing IAM role: arn:aws:iam::222233334444:role\/ghost does not exist/,
    ],
    [{ clusterName: 'ok', region: 'europe' }, /^region must be an AWS region/],
    [
      { clusterName: 'ok', accountId: '123' },
      /^accountId must be a 12-digit AWS account id/,
    ],
    [
      { clusterName: 'ok', timeoutSeconds: 5 },
      /^timeoutSeconds must be a whole number from 60/,
    ],
    [
      {
        clusterName: 'ok',
        nodeGroup: { ...baseInput.nodeGroup, minSize: 3, desiredSize: 2 },
      },
      /^nodeGroup.desiredSize must be between/,
    ],
    [
      {
        clusterName: 'ok',
        nodeGroup: { ...baseInput.nodeGroup, instanceTypes: ['large'] },
      },
      /^nodeGroup.instanceTypes\[0\] must be an EC2 instance type/,
    ],
    [
      { clusterName: 'ok', tags: { 'aws:x': 'y' } },
      /^tags key "aws:x" must be 1-128 characters/,
    ],
    [{ clusterName: 'ok', upgradePolicy: 'LONG' }, /^upgradePolicy /],
    [
      { clusterName: 'ok', controlPlaneTier: 'tier-16xl' },
      /^controlPlaneTier /,
    ],
    [
      { clusterName: 'ok', controlPlaneEgressMode: 'NONE' },
      /^controlPlaneEgressMode /,
    ],
    [
      { clusterName: 'ok', remoteNetwork: { nodeCidrs: ['8.8.8.0/24'] } },
      /^remoteNetwork\.nodeCidrs\[0\] must be an IPv4 CIDR block .*RFC 1918/,
    ],
    [
      {
        clusterName: 'ok',
        remoteNetwork: {
          nodeCidrs: ['192.168.0.0/16'],
          podCidrs: ['192.168.0.0/24'],
        },
      },
      /^remoteNetwork\.podCidrs\[0\] must not overlap remoteNetwork\.nodeCidrs\[0\]/,
    ],
    [
      {
        clusterName: 'ok',
        remoteNetwork: {
          nodeCidrs: ['192.168.0.0/16'],
          hybridNodesRoleArn: 'arn:aws:iam::111111111111:role/hybrid',
        },
      },
      /^remoteNetwork\.hybridNodesRoleArn must be a role in account 000000000000/,
    ],
    [
      {
        clusterName: 'ok',
        remoteNetwork: {
          nodeCidrs: ['192.168.0.0/16'],
          hybridNodesRoleArn: 'arn:aws:iam::000000000000:role/platform-admins',
        },
      },
      /^remoteNetwork\.hybridNodesRoleArn must be a role that ssm\.amazonaws\.com or rolesanywhere\.amazonaws\.com can assume/,
    ],
  ])('rejects bad input %j before any write', async (input, message) => {
    await expectRefusedBeforeAnyWrite(harness, action(), input, message);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const { ctx, outputs } = actionContext(exampleInput(example));
      await action().handler(ctx);
      expect(outputs.status).toBe('ACTIVE');
    },
  );
});
