/* eslint-disable jest/no-standalone-expect -- the cases run inside the suite's tests (aws.test.ts, kubectl.test.ts) and check with jest's expect */
import type { AwsCase, AwsCaseContext, AwsCliService } from './cases';

/*
 * Every AWS operation the product calls (see productOperations.ts, which a
 * test keeps in step with plugins/*\/src), each once with input the real
 * service accepts and once with input it refuses. The refusals are ones the
 * AWS CLI sends (it checks required parameters, types and minimums itself, so
 * those prove nothing about the sandbox): patterns and maximums from the
 * services' models, missing or conflicting resources, and the services'
 * semantic rules.
 */

const EKS_API = 'https://docs.aws.amazon.com/eks/latest/APIReference';
const IAM_API = 'https://docs.aws.amazon.com/IAM/latest/APIReference';
const EC2_API = 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference';
const SQS_API =
  'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference';
const EVENTS_API =
  'https://docs.aws.amazon.com/eventbridge/latest/APIReference';
const IAM_QUOTAS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';
const EC2_ERRORS =
  'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html';

const trustPolicy = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action:
          service === 'pods.eks.amazonaws.com'
            ? ['sts:AssumeRole', 'sts:TagSession']
            : 'sts:AssumeRole',
      },
    ],
  });

const inlinePolicy = (actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  });

const MANAGED = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const ACCESS_POLICY = (name: string) =>
  `arn:aws:eks::aws:cluster-access-policy/${name}`;
const MISSING_EC2_ID = '0123456789abcdef0';
const SIGV4_ERRORS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html';
const EKS_COMMON_ERRORS = `${EKS_API}/CommonErrors.html`;
const ROLLBACK_DOCS =
  'https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html';
/** The account's own access key id with a secret that is not its own. */
const WRONG_SECRET = { secretAccessKey: 'not-the-sandbox-secret' };
/** An access key id no account of the sandbox has. */
const UNKNOWN_KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Creates a role trusting a service; returns its ARN. */
async function role(t: AwsCaseContext, prefix: string, service: string) {
  const out = await t.call('iam', 'create-role', [
    '--role-name',
    t.name(prefix),
    '--assume-role-policy-document',
    trustPolicy(service),
  ]);
  return out.Role.Arn as string;
}

/** Creates a cluster (API authentication) and waits for ACTIVE; returns its name. */
async function cluster(
  t: AwsCaseContext,
  prefix: string,
  authenticationMode = 'API',
  version?: string,
) {
  const name = t.name(prefix);
  await t.call('eks', 'create-cluster', [
    ...(version ? ['--kubernetes-version', version] : []),
    '--name',
    name,
    '--role-arn',
    t.world.clusterRoleArn,
    '--resources-vpc-config',
    JSON.stringify({ subnetIds: t.world.privateSubnetIds }),
    '--access-config',
    `authenticationMode=${authenticationMode}`,
  ]);
  await clusterActive(t, name);
  return name;
}

async function clusterActive(t: AwsCaseContext, name: string) {
  await t.waitFor(`cluster ${name} ACTIVE`, async () => {
    const d = await t.call('eks', 'describe-cluster', ['--name', name]);
    return d.cluster.status === 'ACTIVE';
  });
}

/** Creates a node group on a cluster and waits for ACTIVE; returns its name. */
async function nodegroup(
  t: AwsCaseContext,
  clusterName: string,
  prefix: string,
  opts: { roleArn?: string } = {},
) {
  const name = t.name(prefix);
  await t.call('eks', 'create-nodegroup', [
    '--cluster-name',
    clusterName,
    '--nodegroup-name',
    name,
    '--node-role',
    opts.roleArn ?? t.world.nodeRoleArn,
    '--subnets',
    ...t.world.privateSubnetIds,
    '--instance-types',
    't3.large',
    '--scaling-config',
    'minSize=1,maxSize=2,desiredSize=1',
  ]);
  await t.waitFor(`node group ${name} ACTIVE`, async () => {
    const d = await t.call('eks', 'describe-nodegroup', [
      '--cluster-name',
      clusterName,
      '--nodegroup-name',
      name,
    ]);
    return d.nodegroup.status === 'ACTIVE';
  });
  return name;
}

async function addonActive(
  t: AwsCaseContext,
  clusterName: string,
  addon: string,
) {
  await t.waitFor(`add-on ${addon} ACTIVE`, async () => {
    const d = await t.call('eks', 'describe-addon', [
      '--cluster-name',
      clusterName,
      '--addon-name',
      addon,
    ]);
    return d.addon.status === 'ACTIVE';
  });
}

async function fargateProfile(t: AwsCaseContext, prefix: string) {
  const roleArn = await role(t, 'cf-fargate', 'eks-fargate-pods.amazonaws.com');
  const name = t.name(prefix);
  await t.call('eks', 'create-fargate-profile', [
    '--cluster-name',
    t.world.cluster,
    '--fargate-profile-name',
    name,
    '--pod-execution-role-arn',
    roleArn,
    '--subnets',
    ...t.world.privateSubnetIds,
    '--selectors',
    JSON.stringify([{ namespace: name }]),
  ]);
  await t.waitFor(`Fargate profile ${name} ACTIVE`, async () => {
    const d = await t.call('eks', 'describe-fargate-profile', [
      '--cluster-name',
      t.world.cluster,
      '--fargate-profile-name',
      name,
    ]);
    return d.fargateProfile.status === 'ACTIVE';
  });
  return name;
}

/** A Pod Identity association on the demo cluster for a new service account; returns its id. */
async function podIdentity(t: AwsCaseContext, prefix: string) {
  const roleArn = await role(t, `${prefix}-role`, 'pods.eks.amazonaws.com');
  const out = await t.call('eks', 'create-pod-identity-association', [
    '--cluster-name',
    t.world.cluster,
    '--namespace',
    'default',
    '--service-account',
    t.name(prefix),
    '--role-arn',
    roleArn,
  ]);
  return out.association.associationId as string;
}

const CAPABILITY_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'capabilities.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
});

/** A role EKS Capabilities can assume; returns its ARN. */
async function capabilityRole(t: AwsCaseContext, prefix: string) {
  const out = await t.call('iam', 'create-role', [
    '--role-name',
    t.name(prefix),
    '--assume-role-policy-document',
    CAPABILITY_TRUST,
  ]);
  return out.Role.Arn as string;
}

/** A new cluster with an ACTIVE capability of a type (one per type per cluster); returns both names. */
async function capability(t: AwsCaseContext, prefix: string, type = 'KRO') {
  const clusterName = await cluster(t, `${prefix}-cl`);
  const name = t.name(prefix);
  await t.call('eks', 'create-capability', [
    '--cluster-name',
    clusterName,
    '--capability-name',
    name,
    '--type',
    type,
    '--role-arn',
    await capabilityRole(t, `${prefix}-role`),
    '--delete-propagation-policy',
    'RETAIN',
  ]);
  await t.waitFor(`capability ${name} ACTIVE`, async () => {
    const d = await t.call('eks', 'describe-capability', [
      '--cluster-name',
      clusterName,
      '--capability-name',
      name,
    ]);
    return d.capability.status === 'ACTIVE';
  });
  return { clusterName, name };
}

/** An access entry on the demo cluster for a new role; returns the role's ARN. */
async function accessEntry(t: AwsCaseContext, prefix: string) {
  const principal = await role(t, prefix, 'ec2.amazonaws.com');
  await t.call('eks', 'create-access-entry', [
    '--cluster-name',
    t.world.cluster,
    '--principal-arn',
    principal,
  ]);
  return principal;
}

async function launchTemplate(t: AwsCaseContext, prefix: string) {
  const name = t.name(prefix);
  await t.call('ec2', 'create-launch-template', [
    '--launch-template-name',
    name,
    '--launch-template-data',
    JSON.stringify({
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
    }),
  ]);
  return name;
}

async function instanceProfile(t: AwsCaseContext, prefix: string) {
  const name = t.name(prefix);
  await t.call('iam', 'create-instance-profile', [
    '--instance-profile-name',
    name,
  ]);
  return name;
}

async function queue(t: AwsCaseContext, prefix: string) {
  const out = await t.call('sqs', 'create-queue', [
    '--queue-name',
    t.name(prefix),
  ]);
  return out.QueueUrl as string;
}

async function rule(t: AwsCaseContext, prefix: string) {
  const name = t.name(prefix);
  await t.call('events', 'put-rule', [
    '--name',
    name,
    '--event-pattern',
    JSON.stringify({ source: ['aws.ec2'] }),
  ]);
  return name;
}

type CaseSpec = Omit<AwsCase, 'client' | 'service' | 'operation' | 'kind'>;

function good(
  service: AwsCliService,
  operation: string,
  spec: CaseSpec,
): AwsCase {
  return { client: 'aws', service, operation, kind: 'good', ...spec };
}

function bad(
  service: AwsCliService,
  operation: string,
  error: string,
  spec: Omit<CaseSpec, 'error'>,
): AwsCase {
  return { client: 'aws', service, operation, kind: 'bad', error, ...spec };
}

const clusterArgs = (t: AwsCaseContext, name: string) => [
  '--name',
  name,
  '--role-arn',
  t.world.clusterRoleArn,
  '--resources-vpc-config',
  JSON.stringify({ subnetIds: t.world.privateSubnetIds }),
];

const eksCases: AwsCase[] = [
  // ---- clusters
  good('eks', 'CreateCluster', {
    input:
      'a cluster without accessConfig: authenticationMode defaults to CONFIG_MAP',
    reference: `${EKS_API}/API_CreateAccessConfigRequest.html`,
    args: t => clusterArgs(t, t.name('cf-cluster')),
    check: async (out, t) => {
      expect(out.cluster.status).toBe('CREATING');
      const d = await t.call('eks', 'describe-cluster', [
        '--name',
        out.cluster.name,
      ]);
      expect(d.cluster.accessConfig.authenticationMode).toBe('CONFIG_MAP');
    },
  }),
  bad('eks', 'CreateCluster', 'InvalidParameterException', {
    input: 'publicAccessCidrs ["10.0.0.0/33"] (not a CIDR block)',
    reference: `${EKS_API}/API_VpcConfigRequest.html`,
    args: t => [
      '--name',
      t.name('cf-cidr'),
      '--role-arn',
      t.world.clusterRoleArn,
      '--resources-vpc-config',
      JSON.stringify({
        subnetIds: t.world.privateSubnetIds,
        endpointPublicAccess: true,
        publicAccessCidrs: ['10.0.0.0/33'],
      }),
    ],
  }),
  bad('eks', 'CreateCluster', 'InvalidParameterException', {
    input: 'serviceIpv4Cidr 8.8.0.0/16 (outside the private ranges)',
    reference: `${EKS_API}/API_KubernetesNetworkConfigRequest.html`,
    args: t => [
      ...clusterArgs(t, t.name('cf-svc-cidr')),
      '--kubernetes-network-config',
      'serviceIpv4Cidr=8.8.0.0/16',
    ],
  }),
  bad('eks', 'CreateCluster', 'InvalidParameterException', {
    input:
      'a cluster role that trusts ec2.amazonaws.com, not eks.amazonaws.com',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html',
    args: t => [
      '--name',
      t.name('cf-trust'),
      '--role-arn',
      t.world.nodeRoleArn,
      '--resources-vpc-config',
      JSON.stringify({ subnetIds: t.world.privateSubnetIds }),
    ],
  }),
  bad('eks', 'CreateCluster', 'ResourceInUseException', {
    input: 'the name of an existing cluster (demo)',
    reference: `${EKS_API}/API_CreateCluster.html`,
    args: t => clusterArgs(t, t.world.cluster),
  }),
  good('eks', 'DescribeCluster', {
    input: 'demo',
    args: t => ['--name', t.world.cluster],
    check: (out, t) => {
      expect(out.cluster.status).toBe('ACTIVE');
      expect(out.cluster.endpoint).toMatch(/^https:\/\//);
      expect(out.cluster.certificateAuthority.data).toEqual(expect.any(String));
      expect(out.cluster.arn).toBe(
        `arn:aws:eks:${t.world.region}:${t.world.accountId}:cluster/demo`,
      );
    },
  }),
  bad('eks', 'DescribeCluster', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--name', 'cf-no-such-cluster'],
  }),
  bad('eks', 'DescribeCluster', 'InvalidParameterException', {
    input: 'a name of 101 characters (the model allows 100)',
    reference: `${EKS_API}/API_DescribeCluster.html`,
    args: () => ['--name', 'c'.repeat(101)],
  }),
  good('eks', 'UpdateClusterConfig', {
    input:
      'zonal shift enabled on an ACTIVE cluster (Karpenter enableZonalShift)',
    args: async t => [
      '--name',
      await cluster(t, 'cf-zonal'),
      '--zonal-shift-config',
      'enabled=true',
    ],
    check: out => {
      expect(out.update.type).toBe('ZonalShiftConfigUpdate');
      expect(out.update.params).toContainEqual({
        type: 'ZonalShiftConfig',
        value: expect.stringContaining('true'),
      });
    },
  }),
  bad('eks', 'UpdateClusterConfig', 'InvalidParameterException', {
    input: 'two kinds of update at once (zonal shift and logging)',
    reference: `${EKS_API}/API_UpdateClusterConfig.html`,
    args: t => [
      '--name',
      t.world.cluster,
      '--zonal-shift-config',
      'enabled=true',
      '--logging',
      JSON.stringify({
        clusterLogging: [{ types: ['api'], enabled: true }],
      }),
    ],
  }),
  good('eks', 'DescribeUpdate', {
    input: "a cluster's zonal shift update, by its id",
    args: async t => {
      const name = await cluster(t, 'cf-zonal-upd');
      const out = await t.call('eks', 'update-cluster-config', [
        '--name',
        name,
        '--zonal-shift-config',
        'enabled=true',
      ]);
      return ['--name', name, '--update-id', out.update.id];
    },
    check: out => {
      expect(out.update.type).toBe('ZonalShiftConfigUpdate');
      expect(['InProgress', 'Successful']).toContain(out.update.status);
    },
  }),
  good('eks', 'ListUpdates', {
    input:
      "a cluster's updates after a version update (the cluster's own, not its node groups')",
    args: async t => {
      const name = await cluster(t, 'cf-list-upd', 'API', '1.32');
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.33',
      ]);
      return ['--name', name];
    },
    check: out => expect(out.updateIds).toEqual([expect.any(String)]),
  }),
  bad('eks', 'ListUpdates', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--name', 'cf-no-such-cluster'],
  }),
  bad('eks', 'DescribeUpdate', 'ResourceNotFoundException', {
    input: 'an update id the cluster never had',
    args: t => [
      '--name',
      t.world.cluster,
      '--update-id',
      '00000000-0000-0000-0000-000000000000',
    ],
  }),
  good('eks', 'ListClusters', {
    input: 'all clusters',
    args: () => [],
    check: out => expect(out.clusters).toContain('demo'),
  }),
  bad('eks', 'ListClusters', 'InvalidSignatureException', {
    input: "signed with a wrong secret for the account's access key",
    reference: EKS_COMMON_ERRORS,
    credentials: WRONG_SECRET,
    args: () => [],
  }),
  bad('eks', 'ListClusters', 'UnrecognizedClientException', {
    input: 'signed with an access key the sandbox does not know',
    reference: EKS_COMMON_ERRORS,
    credentials: UNKNOWN_KEY,
    args: () => [],
  }),
  bad('eks', 'ListClusters', 'InvalidParameterException', {
    input: 'maxResults 101 (the model allows 1-100)',
    reference: `${EKS_API}/API_ListClusters.html`,
    args: () => ['--max-results', '101'],
  }),
  good('eks', 'DeleteCluster', {
    input: 'a cluster without node groups',
    args: async t => ['--name', await cluster(t, 'cf-del')],
    check: out => expect(out.cluster.status).toBe('DELETING'),
  }),
  bad('eks', 'DeleteCluster', 'ResourceInUseException', {
    input: 'a cluster that still has a node group',
    reference: `${EKS_API}/API_DeleteCluster.html`,
    args: async t => {
      const name = await cluster(t, 'cf-del-busy');
      await nodegroup(t, name, 'cf-ng');
      return ['--name', name];
    },
  }),
  // ---- cluster settings of 2025-2026: support policy, deletion
  // protection, Provisioned Control Plane, Hybrid Nodes' remote networks
  good('eks', 'CreateCluster', {
    input:
      'upgradePolicy STANDARD, deletionProtection, zonal shift, control plane tier tier-xl and remote node and pod networks',
    reference: `${EKS_API}/API_CreateCluster.html`,
    args: t => [
      ...clusterArgs(t, t.name('cf-settings')),
      '--access-config',
      'authenticationMode=API',
      '--upgrade-policy',
      'supportType=STANDARD',
      '--deletion-protection',
      '--zonal-shift-config',
      'enabled=true',
      '--control-plane-scaling-config',
      'tier=tier-xl',
      '--remote-network-config',
      JSON.stringify({
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
        remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
      }),
    ],
    check: async (out, t) => {
      const d = await t.call('eks', 'describe-cluster', [
        '--name',
        out.cluster.name,
      ]);
      expect(d.cluster).toMatchObject({
        upgradePolicy: { supportType: 'STANDARD' },
        deletionProtection: true,
        zonalShiftConfig: { enabled: true },
        controlPlaneScalingConfig: { tier: 'tier-xl' },
        remoteNetworkConfig: {
          remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
          remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
        },
      });
    },
  }),
  bad('eks', 'CreateCluster', 'InvalidParameterException', {
    input:
      'a remote node network 8.8.8.0/24 (Hybrid Nodes need RFC 1918 blocks)',
    reference: `${EKS_API}/API_RemoteNodeNetwork.html`,
    args: t => [
      ...clusterArgs(t, t.name('cf-remote')),
      '--access-config',
      'authenticationMode=API',
      '--remote-network-config',
      JSON.stringify({ remoteNodeNetworks: [{ cidrs: ['8.8.8.0/24'] }] }),
    ],
  }),
  bad('eks', 'CreateCluster', 'InvalidParameterException', {
    input:
      'a remote pod network inside the remote node network (they must not overlap)',
    reference: `${EKS_API}/API_RemotePodNetwork.html`,
    args: t => [
      ...clusterArgs(t, t.name('cf-remote-pods')),
      '--access-config',
      'authenticationMode=API',
      '--remote-network-config',
      JSON.stringify({
        remoteNodeNetworks: [{ cidrs: ['192.168.0.0/16'] }],
        remotePodNetworks: [{ cidrs: ['192.168.1.0/24'] }],
      }),
    ],
  }),
  good('eks', 'UpdateClusterConfig', {
    input: 'deletion protection turned on for an ACTIVE cluster',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html',
    args: async t => [
      '--name',
      await cluster(t, 'cf-protect'),
      '--deletion-protection',
    ],
    check: out => {
      expect(out.update.type).toBe('DeletionProtectionUpdate');
      expect(out.update.params).toEqual([
        { type: 'DeletionProtection', value: 'true' },
      ]);
    },
  }),
  good('eks', 'UpdateClusterConfig', {
    input: 'the control plane scaling tier changed to tier-2xl',
    reference: `${EKS_API}/API_ControlPlaneScalingConfig.html`,
    args: async t => [
      '--name',
      await cluster(t, 'cf-tier'),
      '--control-plane-scaling-config',
      'tier=tier-2xl',
    ],
    check: out => {
      expect(out.update.type).toBe('ControlPlaneScalingConfigUpdate');
      expect(out.update.params).toEqual([
        { type: 'PreviousTier', value: 'standard' },
        { type: 'UpdatedTier', value: 'tier-2xl' },
      ]);
    },
  }),
  bad('eks', 'UpdateClusterConfig', 'InvalidParameterException', {
    input:
      'deletion protection and a control plane tier at once (one type of update at a time)',
    reference: `${EKS_API}/API_UpdateClusterConfig.html`,
    args: t => [
      '--name',
      t.world.cluster,
      '--deletion-protection',
      '--control-plane-scaling-config',
      'tier=tier-xl',
    ],
  }),
  bad('eks', 'UpdateClusterConfig', 'InvalidParameterException', {
    input: 'a remote node network overlapping the VPC',
    reference: `${EKS_API}/API_RemoteNodeNetwork.html`,
    args: t => [
      '--name',
      t.world.cluster,
      '--remote-network-config',
      JSON.stringify({ remoteNodeNetworks: [{ cidrs: ['10.0.0.0/8'] }] }),
    ],
  }),
  bad('eks', 'DeleteCluster', 'InvalidRequestException', {
    input: 'an ACTIVE cluster with deletion protection on',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html',
    args: async t => {
      const name = await cluster(t, 'cf-del-protected');
      const out = await t.call('eks', 'update-cluster-config', [
        '--name',
        name,
        '--deletion-protection',
      ]);
      await t.waitFor(`update ${out.update.id} Successful`, async () => {
        const u = await t.call('eks', 'describe-update', [
          '--name',
          name,
          '--update-id',
          out.update.id,
        ]);
        return u.update.status === 'Successful';
      });
      await clusterActive(t, name);
      return ['--name', name];
    },
  }),
  good('eks', 'DescribeClusterVersions', {
    input: 'the versions in standard support',
    args: () => ['--version-status', 'STANDARD_SUPPORT'],
    check: out => expect(out.clusterVersions.length).toBeGreaterThan(0),
  }),
  bad('eks', 'DescribeClusterVersions', 'InvalidParameterException', {
    input: 'versionStatus BANANA (not one of the enum values)',
    reference: `${EKS_API}/API_DescribeClusterVersions.html`,
    args: () => ['--version-status', 'BANANA'],
  }),
  // ---- node groups
  good('eks', 'CreateNodegroup', {
    input:
      'a node group whose role has no access entry: EKS creates its EC2_LINUX entry',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html',
    args: async t => {
      const roleArn = await role(t, 'cf-ng-role', 'ec2.amazonaws.com');
      for (const p of [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryReadOnly',
      ]) {
        await t.call('iam', 'attach-role-policy', [
          '--role-name',
          roleArn.split('/').pop()!,
          '--policy-arn',
          MANAGED(p),
        ]);
      }
      return [
        '--cluster-name',
        t.world.cluster,
        '--nodegroup-name',
        t.name('cf-ng'),
        '--node-role',
        roleArn,
        '--subnets',
        ...t.world.privateSubnetIds,
        '--instance-types',
        't3.large',
        '--scaling-config',
        'minSize=1,maxSize=2,desiredSize=1',
      ];
    },
    check: async (out, t) => {
      expect(out.nodegroup.status).toBe('CREATING');
      const entry = await t.call('eks', 'describe-access-entry', [
        '--cluster-name',
        t.world.cluster,
        '--principal-arn',
        out.nodegroup.nodeRole,
      ]);
      expect(entry.accessEntry.type).toBe('EC2_LINUX');
    },
  }),
  good('eks', 'CreateNodegroup', {
    input:
      'instanceTypes ["banana.large"]: accepted, then CREATE_FAILED with the health issue Ec2InstanceTypeDoesNotExist',
    reference: `${EKS_API}/API_Issue.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      t.name('cf-ng-banana'),
      '--node-role',
      t.world.nodeRoleArn,
      '--subnets',
      ...t.world.privateSubnetIds,
      '--instance-types',
      'banana.large',
    ],
    check: async (out, t) => {
      const name = out.nodegroup.nodegroupName;
      await t.waitFor(`node group ${name} CREATE_FAILED`, async () => {
        const d = await t.call('eks', 'describe-nodegroup', [
          '--cluster-name',
          t.world.cluster,
          '--nodegroup-name',
          name,
        ]);
        return d.nodegroup.status === 'CREATE_FAILED';
      });
      const d = await t.call('eks', 'describe-nodegroup', [
        '--cluster-name',
        t.world.cluster,
        '--nodegroup-name',
        name,
      ]);
      expect(d.nodegroup.health.issues.map((x: any) => x.code)).toContain(
        'Ec2InstanceTypeDoesNotExist',
      );
    },
  }),
  bad('eks', 'CreateNodegroup', 'InvalidRequestException', {
    input: 'instance types both in the launch template and in the request',
    reference: `${EKS_API}/API_CreateNodegroup.html`,
    args: async t => {
      const template = t.name('cf-ng-lt');
      await t.call('ec2', 'create-launch-template', [
        '--launch-template-name',
        template,
        '--launch-template-data',
        JSON.stringify({ InstanceType: 't3.large' }),
      ]);
      return [
        '--cluster-name',
        t.world.cluster,
        '--nodegroup-name',
        t.name('cf-ng-both'),
        '--node-role',
        t.world.nodeRoleArn,
        '--subnets',
        ...t.world.privateSubnetIds,
        '--launch-template',
        `name=${template},version=1`,
        '--instance-types',
        't3.large',
      ];
    },
  }),
  good('eks', 'DescribeNodegroup', {
    input: 'demo/system',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'system',
    ],
    check: out => expect(out.nodegroup.status).toBe('ACTIVE'),
  }),
  bad('eks', 'DescribeNodegroup', 'ResourceNotFoundException', {
    input: 'a node group that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'cf-none',
    ],
  }),
  good('eks', 'ListNodegroups', {
    input: 'demo',
    args: t => ['--cluster-name', t.world.cluster],
    check: out => expect(out.nodegroups).toContain('system'),
  }),
  bad('eks', 'ListNodegroups', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'UpdateNodegroupConfig', {
    input: 'scaling 1/2/1 -> 2/3/2',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      await nodegroup(t, t.world.cluster, 'cf-ng-scale'),
      '--scaling-config',
      'minSize=2,maxSize=3,desiredSize=2',
    ],
    check: out => expect(out.update.type).toBe('ConfigUpdate'),
  }),
  bad('eks', 'UpdateNodegroupConfig', 'InvalidParameterException', {
    input: 'desiredSize 5 above maxSize 2',
    reference: `${EKS_API}/API_NodegroupScalingConfig.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'system',
      '--scaling-config',
      'minSize=1,maxSize=2,desiredSize=5',
    ],
  }),
  good('eks', 'UpdateNodegroupVersion', {
    input: 'a 1.32 node group to its cluster, upgraded to 1.33',
    args: async t => {
      const name = await cluster(t, 'cf-upgrade', 'API', '1.32');
      const ng = await nodegroup(t, name, 'cf-ng-ver');
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.33',
      ]);
      await clusterActive(t, name);
      return [
        '--cluster-name',
        name,
        '--nodegroup-name',
        ng,
        '--kubernetes-version',
        '1.33',
      ];
    },
    check: out => expect(out.update.type).toBe('VersionUpdate'),
  }),
  bad('eks', 'UpdateNodegroupVersion', 'InvalidParameterException', {
    input: 'kubernetesVersion 1.99, newer than the cluster',
    reference: `${EKS_API}/API_UpdateNodegroupVersion.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'system',
      '--kubernetes-version',
      '1.99',
    ],
  }),
  bad('eks', 'UpdateNodegroupVersion', 'InvalidParameterException', {
    input:
      'an AL2_x86_64 node group to 1.33 (EKS publishes no Amazon Linux 2 AMIs from 1.33)',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html',
    args: async t => {
      const name = await cluster(t, 'cf-al2', 'API', '1.32');
      const ng = t.name('cf-ng-al2');
      await t.call('eks', 'create-nodegroup', [
        '--cluster-name',
        name,
        '--nodegroup-name',
        ng,
        '--node-role',
        t.world.nodeRoleArn,
        '--subnets',
        ...t.world.privateSubnetIds,
        '--ami-type',
        'AL2_x86_64',
      ]);
      await t.waitFor(`node group ${ng} ACTIVE`, async () => {
        const d = await t.call('eks', 'describe-nodegroup', [
          '--cluster-name',
          name,
          '--nodegroup-name',
          ng,
        ]);
        return d.nodegroup.status === 'ACTIVE';
      });
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.33',
      ]);
      await clusterActive(t, name);
      return ['--cluster-name', name, '--nodegroup-name', ng];
    },
  }),
  bad('eks', 'UpdateNodegroupVersion', 'InvalidParameterException', {
    input:
      'kubernetesVersion 1.32, one below the cluster, which was never upgraded in place (no rollback window)',
    reference: ROLLBACK_DOCS,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'system',
      '--kubernetes-version',
      '1.32',
    ],
  }),
  // ---- cluster versions: upgrade one minor at a time, rollback within 7 days
  good('eks', 'UpdateClusterVersion', {
    input: 'a 1.32 cluster, its node group at 1.32, to 1.33',
    args: async t => {
      const name = await cluster(t, 'cf-ver-up', 'API', '1.32');
      await nodegroup(t, name, 'cf-ng-up');
      return ['--name', name, '--kubernetes-version', '1.33'];
    },
    check: out => {
      expect(out.update.type).toBe('VersionUpdate');
      expect(out.update.params).toEqual([
        { type: 'Version', value: '1.33' },
        { type: 'PlatformVersion', value: expect.stringMatching(/^eks\./) },
      ]);
    },
  }),
  good('eks', 'UpdateClusterVersion', {
    input:
      'a rollback: a cluster upgraded in place from 1.32 to 1.33, back to 1.32',
    reference: ROLLBACK_DOCS,
    args: async t => {
      const name = await cluster(t, 'cf-ver-rb', 'API', '1.32');
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.33',
      ]);
      await clusterActive(t, name);
      return ['--name', name, '--kubernetes-version', '1.32'];
    },
    check: async (out, t) => {
      expect(out.update.type).toBe('VersionRollback');
      expect(out.update.params).toEqual([
        { type: 'Version', value: '1.32' },
        { type: 'PlatformVersion', value: expect.stringMatching(/^eks\./) },
      ]);
      const name = t.name('cf-ver-rb');
      await clusterActive(t, name);
      const described = await t.call('eks', 'describe-update', [
        '--name',
        name,
        '--update-id',
        out.update.id,
      ]);
      expect(described.update).toMatchObject({
        type: 'VersionRollback',
        status: 'Successful',
      });
      const { cluster: c } = await t.call('eks', 'describe-cluster', [
        '--name',
        name,
      ]);
      expect(c.version).toBe('1.32');
    },
  }),
  bad('eks', 'UpdateClusterVersion', 'InvalidParameterException', {
    input: 'kubernetesVersion 1.35, a minor EKS does not offer',
    reference: `${EKS_API}/API_UpdateClusterVersion.html`,
    args: t => ['--name', t.world.cluster, '--kubernetes-version', '1.35'],
  }),
  bad('eks', 'UpdateClusterVersion', 'InvalidRequestException', {
    input:
      'demo to 1.34 while its coredns build (1.33 only) makes an upgrade insight an ERROR, without --force',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html',
    args: t => ['--name', t.world.cluster, '--kubernetes-version', '1.34'],
  }),
  bad('eks', 'UpdateClusterVersion', 'InvalidRequestException', {
    input:
      'demo back to 1.32 with --force: created at 1.33, never upgraded in place (force does not bypass it)',
    reference: ROLLBACK_DOCS,
    args: t => [
      '--name',
      t.world.cluster,
      '--kubernetes-version',
      '1.32',
      '--force',
    ],
  }),
  bad('eks', 'UpdateClusterVersion', 'InvalidRequestException', {
    input: 'to 1.33 while its node group is still at 1.31 (cluster at 1.32)',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html',
    args: async t => {
      const name = await cluster(t, 'cf-ver-lag', 'API', '1.31');
      await nodegroup(t, name, 'cf-ng-lag');
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.32',
      ]);
      await clusterActive(t, name);
      return ['--name', name, '--kubernetes-version', '1.33'];
    },
  }),
  good('eks', 'ListInsights', {
    input:
      'filter categories ROLLBACK_READINESS after an in-place upgrade (the rollback readiness insights for the version before)',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/view-cluster-insights.html',
    args: async t => {
      const name = await cluster(t, 'cf-ins-rb', 'API', '1.32');
      await t.call('eks', 'update-cluster-version', [
        '--name',
        name,
        '--kubernetes-version',
        '1.33',
      ]);
      await clusterActive(t, name);
      return [
        '--cluster-name',
        name,
        '--filter',
        'categories=ROLLBACK_READINESS',
      ];
    },
    check: out => {
      expect(out.insights.length).toBeGreaterThan(0);
      expect(
        out.insights.every(
          (i: { category: string; kubernetesVersion: string }) =>
            i.category === 'ROLLBACK_READINESS' &&
            i.kubernetesVersion === '1.32',
        ),
      ).toBe(true);
    },
  }),
  good('eks', 'DeleteNodegroup', {
    input: 'an ACTIVE node group',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      await nodegroup(t, t.world.cluster, 'cf-ng-del'),
    ],
    check: out => expect(out.nodegroup.status).toBe('DELETING'),
  }),
  bad('eks', 'DeleteNodegroup', 'ResourceNotFoundException', {
    input: 'a node group that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--nodegroup-name',
      'cf-none',
    ],
  }),
  // ---- add-ons
  good('eks', 'CreateAddon', {
    input: 'metrics-server on a new cluster',
    args: async t => [
      '--cluster-name',
      await cluster(t, 'cf-addon'),
      '--addon-name',
      'metrics-server',
    ],
    check: out => expect(out.addon.addonName).toBe('metrics-server'),
  }),
  bad('eks', 'CreateAddon', 'ResourceInUseException', {
    input: 'vpc-cni, already installed on demo',
    reference: `${EKS_API}/API_CreateAddon.html`,
    args: t => ['--cluster-name', t.world.cluster, '--addon-name', 'vpc-cni'],
  }),
  good('eks', 'CreateAddon', {
    input: 'snapshot-controller in a namespace of its own (namespaceConfig)',
    reference: `${EKS_API}/API_CreateAddon.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'snapshot-controller',
      '--namespace-config',
      'namespace=cf-snapshots',
    ],
    check: out =>
      expect(out.addon.namespaceConfig).toEqual({ namespace: 'cf-snapshots' }),
  }),
  bad('eks', 'CreateAddon', 'InvalidParameterException', {
    input:
      'namespaceConfig.namespace that is not an RFC 1123 label (Not_A_Label)',
    reference: `${EKS_API}/API_AddonNamespaceConfigRequest.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'cert-manager',
      '--namespace-config',
      'namespace=Not_A_Label',
    ],
  }),
  bad('eks', 'CreateAddon', 'InvalidParameterException', {
    input:
      'Pod Identity for a version that declares none (Mountpoint for S3 v1.15.0)',
    reference: `${EKS_API}/API_DescribeAddonConfiguration.html`,
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'aws-mountpoint-s3-csi-driver',
      '--addon-version',
      'v1.15.0-eksbuild.1',
      '--pod-identity-associations',
      `serviceAccount=s3-csi-driver-sa,roleArn=${await role(
        t,
        'cf-s3-v1',
        'pods.eks.amazonaws.com',
      )}`,
    ],
  }),
  good('eks', 'DescribeAddon', {
    input: 'demo/vpc-cni',
    args: t => ['--cluster-name', t.world.cluster, '--addon-name', 'vpc-cni'],
    check: out => expect(out.addon.status).toBe('ACTIVE'),
  }),
  bad('eks', 'DescribeAddon', 'ResourceNotFoundException', {
    input: 'an add-on not installed (aws-efs-csi-driver)',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'aws-efs-csi-driver',
    ],
  }),
  good('eks', 'ListAddons', {
    input: 'demo',
    args: t => ['--cluster-name', t.world.cluster],
    check: out =>
      expect(out.addons).toEqual(
        expect.arrayContaining(['vpc-cni', 'coredns']),
      ),
  }),
  bad('eks', 'ListAddons', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'UpdateAddon', {
    input: 'coredns with configuration values its schema accepts',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'coredns',
      '--configuration-values',
      JSON.stringify({ replicaCount: 3 }),
    ],
    check: out => expect(out.update.type).toBe('AddonUpdate'),
  }),
  bad('eks', 'UpdateAddon', 'InvalidParameterException', {
    input:
      'coredns configuration values its JSON schema refuses ({"banana": true})',
    reference: `${EKS_API}/API_UpdateAddon.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'coredns',
      '--configuration-values',
      JSON.stringify({ banana: true }),
    ],
  }),
  good('eks', 'DeleteAddon', {
    input: 'an ACTIVE add-on',
    args: async t => {
      const name = await cluster(t, 'cf-addon-del');
      await t.call('eks', 'create-addon', [
        '--cluster-name',
        name,
        '--addon-name',
        'kube-proxy',
      ]);
      await addonActive(t, name, 'kube-proxy');
      return ['--cluster-name', name, '--addon-name', 'kube-proxy'];
    },
    check: out => expect(out.addon.status).toBe('DELETING'),
  }),
  bad('eks', 'DeleteAddon', 'ResourceNotFoundException', {
    input: 'an add-on not installed',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--addon-name',
      'aws-efs-csi-driver',
    ],
  }),
  good('eks', 'DescribeAddonVersions', {
    input: 'vpc-cni for Kubernetes 1.33',
    args: () => ['--addon-name', 'vpc-cni', '--kubernetes-version', '1.33'],
    check: out => expect(out.addons[0].addonVersions.length).toBeGreaterThan(0),
  }),
  bad('eks', 'DescribeAddonVersions', 'InvalidParameterException', {
    input: 'maxResults 101 (the model allows 1-100)',
    reference: `${EKS_API}/API_DescribeAddonVersions.html`,
    args: () => ['--addon-name', 'vpc-cni', '--max-results', '101'],
  }),
  good('eks', 'DescribeAddonConfiguration', {
    input: "vpc-cni's default version",
    args: async t => {
      const v = await t.call('eks', 'describe-addon-versions', [
        '--addon-name',
        'vpc-cni',
        '--kubernetes-version',
        '1.33',
      ]);
      return [
        '--addon-name',
        'vpc-cni',
        '--addon-version',
        v.addons[0].addonVersions[0].addonVersion,
      ];
    },
    check: out =>
      expect(JSON.parse(out.configurationSchema)).toEqual(expect.any(Object)),
  }),
  bad('eks', 'DescribeAddonConfiguration', 'ResourceNotFoundException', {
    input: 'a version vpc-cni never had (v0.0.1-eksbuild.1)',
    reference: `${EKS_API}/API_DescribeAddonConfiguration.html`,
    args: () => [
      '--addon-name',
      'vpc-cni',
      '--addon-version',
      'v0.0.1-eksbuild.1',
    ],
  }),
  // ---- insights
  good('eks', 'ListInsights', {
    input: 'demo',
    args: t => ['--cluster-name', t.world.cluster],
    check: out => expect(out.insights.length).toBeGreaterThan(0),
  }),
  bad('eks', 'ListInsights', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'DescribeInsight', {
    input: 'the first insight of demo',
    args: async t => {
      const list = await t.call('eks', 'list-insights', [
        '--cluster-name',
        t.world.cluster,
      ]);
      return ['--cluster-name', t.world.cluster, '--id', list.insights[0].id];
    },
    check: out => expect(out.insight.id).toEqual(expect.any(String)),
  }),
  bad('eks', 'DescribeInsight', 'ResourceNotFoundException', {
    input: 'an insight id that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--id',
      '00000000-0000-0000-0000-000000000000',
    ],
  }),
  good('eks', 'StartInsightsRefresh', {
    input: 'demo (ACTIVE)',
    args: t => ['--cluster-name', t.world.cluster],
    check: out => expect(['IN_PROGRESS', 'COMPLETED']).toContain(out.status),
  }),
  bad('eks', 'StartInsightsRefresh', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'DescribeInsightsRefresh', {
    input: 'demo, after a refresh was started',
    args: async t => {
      await t.call('eks', 'start-insights-refresh', [
        '--cluster-name',
        t.world.cluster,
      ]);
      return ['--cluster-name', t.world.cluster];
    },
    check: out => {
      expect(['IN_PROGRESS', 'COMPLETED']).toContain(out.status);
      expect(out.startedAt).toEqual(expect.any(Number));
    },
  }),
  bad('eks', 'DescribeInsightsRefresh', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  // ---- Fargate
  good('eks', 'DescribeFargateProfile', {
    input: 'an ACTIVE profile',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--fargate-profile-name',
      await fargateProfile(t, 'cf-fp-get'),
    ],
    check: out => expect(out.fargateProfile.status).toBe('ACTIVE'),
  }),
  bad('eks', 'DescribeFargateProfile', 'ResourceNotFoundException', {
    input: 'a profile that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--fargate-profile-name',
      'cf-none',
    ],
  }),
  good('eks', 'ListFargateProfiles', {
    input: 'demo',
    args: t => ['--cluster-name', t.world.cluster],
    check: out => expect(out.fargateProfileNames).toEqual(expect.any(Array)),
  }),
  bad('eks', 'ListFargateProfiles', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'DeleteFargateProfile', {
    input: 'an ACTIVE profile',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--fargate-profile-name',
      await fargateProfile(t, 'cf-fp-del'),
    ],
    check: out => expect(out.fargateProfile.status).toBe('DELETING'),
  }),
  bad('eks', 'DeleteFargateProfile', 'ResourceNotFoundException', {
    input: 'a profile that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--fargate-profile-name',
      'cf-none',
    ],
  }),
  // ---- access entries
  good('eks', 'CreateAccessEntry', {
    input: 'an existing role as STANDARD principal',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      await role(t, 'cf-ae', 'ec2.amazonaws.com'),
    ],
    check: out => expect(out.accessEntry.type).toBe('STANDARD'),
  }),
  bad('eks', 'CreateAccessEntry', 'InvalidParameterException', {
    input: 'a principal ARN of a role that does not exist',
    reference: `${EKS_API}/API_CreateAccessEntry.html`,
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      `arn:aws:iam::${t.world.accountId}:role/cf-no-such-role`,
    ],
  }),
  bad('eks', 'CreateAccessEntry', 'InvalidRequestException', {
    input: 'a cluster in CONFIG_MAP authentication mode',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html',
    args: async t => [
      '--cluster-name',
      await cluster(t, 'cf-cm', 'CONFIG_MAP'),
      '--principal-arn',
      await role(t, 'cf-cm-role', 'ec2.amazonaws.com'),
    ],
  }),
  good('eks', 'CreateAccessEntry', {
    input: "a HYBRID_LINUX entry for the hybrid nodes' role",
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      await role(t, 'cf-hybrid', 'ssm.amazonaws.com'),
      '--type',
      'HYBRID_LINUX',
    ],
    check: out => {
      expect(out.accessEntry.type).toBe('HYBRID_LINUX');
      expect(out.accessEntry.username).toBe('system:node:{{SessionName}}');
    },
  }),
  bad('eks', 'CreateAccessEntry', 'InvalidParameterException', {
    input:
      'a HYBRID_LINUX entry with Kubernetes groups (node entries take none)',
    reference: `${EKS_API}/API_CreateAccessEntry.html`,
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      await role(t, 'cf-hybrid-groups', 'ssm.amazonaws.com'),
      '--type',
      'HYBRID_LINUX',
      '--kubernetes-groups',
      'hybrid-admins',
    ],
  }),
  good('eks', 'DescribeAccessEntry', {
    input: "the Karpenter node role's entry",
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      t.world.karpenterNodeRoleArn,
    ],
    check: out => expect(out.accessEntry.type).toBe('EC2_LINUX'),
  }),
  bad('eks', 'DescribeAccessEntry', 'ResourceNotFoundException', {
    input: 'a principal without an entry',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      `arn:aws:iam::${t.world.accountId}:role/cf-no-entry`,
    ],
  }),
  good('eks', 'AssociateAccessPolicy', {
    input: 'AmazonEKSViewPolicy scoped to a namespace',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      await accessEntry(t, 'cf-ap'),
      '--policy-arn',
      ACCESS_POLICY('AmazonEKSViewPolicy'),
      '--access-scope',
      'type=namespace,namespaces=default',
    ],
    check: out =>
      expect(out.associatedAccessPolicy.accessScope.namespaces).toEqual([
        'default',
      ]),
  }),
  bad('eks', 'AssociateAccessPolicy', 'ResourceNotFoundException', {
    input: 'a principal without an access entry',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      `arn:aws:iam::${t.world.accountId}:role/cf-no-entry`,
      '--policy-arn',
      ACCESS_POLICY('AmazonEKSViewPolicy'),
      '--access-scope',
      'type=cluster',
    ],
  }),
  good('eks', 'ListAssociatedAccessPolicies', {
    input: 'an entry with one policy',
    args: async t => {
      const principal = await accessEntry(t, 'cf-lap');
      await t.call('eks', 'associate-access-policy', [
        '--cluster-name',
        t.world.cluster,
        '--principal-arn',
        principal,
        '--policy-arn',
        ACCESS_POLICY('AmazonEKSAdminPolicy'),
        '--access-scope',
        'type=cluster',
      ]);
      return ['--cluster-name', t.world.cluster, '--principal-arn', principal];
    },
    check: out =>
      expect(out.associatedAccessPolicies.map((p: any) => p.policyArn)).toEqual(
        [ACCESS_POLICY('AmazonEKSAdminPolicy')],
      ),
  }),
  bad('eks', 'ListAssociatedAccessPolicies', 'ResourceNotFoundException', {
    input: 'a principal without an access entry',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--principal-arn',
      `arn:aws:iam::${t.world.accountId}:role/cf-no-entry`,
    ],
  }),
  // ---- EKS Capabilities
  good('eks', 'CreateCapability', {
    input:
      'Argo CD with its Identity Center instance and a role trusting capabilities.eks.amazonaws.com',
    args: async t => [
      '--cluster-name',
      await cluster(t, 'cf-cap-cl'),
      '--capability-name',
      'argocd',
      '--type',
      'ARGOCD',
      '--role-arn',
      await capabilityRole(t, 'cf-cap-role'),
      '--delete-propagation-policy',
      'RETAIN',
      '--configuration',
      JSON.stringify({
        argoCd: {
          awsIdc: {
            idcInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
          },
          rbacRoleMappings: [
            { role: 'ADMIN', identities: [{ id: 'g-1', type: 'SSO_GROUP' }] },
          ],
        },
      }),
    ],
    check: out =>
      expect(out.capability).toMatchObject({
        status: 'CREATING',
        type: 'ARGOCD',
      }),
  }),
  bad('eks', 'CreateCapability', 'ResourceInUseException', {
    input: 'a second capability of a type the cluster already has',
    reference: `${EKS_API}/API_CreateCapability.html`,
    args: async t => {
      const existing = await capability(t, 'cf-cap-dup', 'ACK');
      return [
        '--cluster-name',
        existing.clusterName,
        '--capability-name',
        'another-ack',
        '--type',
        'ACK',
        '--role-arn',
        await capabilityRole(t, 'cf-cap-dup2'),
        '--delete-propagation-policy',
        'RETAIN',
      ];
    },
  }),
  good('eks', 'DescribeCapability', {
    input: 'an ACTIVE capability',
    args: async t => {
      const c = await capability(t, 'cf-cap-get');
      return ['--cluster-name', c.clusterName, '--capability-name', c.name];
    },
    check: out =>
      expect(out.capability).toMatchObject({
        status: 'ACTIVE',
        type: 'KRO',
        health: { issues: [] },
      }),
  }),
  bad('eks', 'DescribeCapability', 'ResourceNotFoundException', {
    input: 'a capability that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--capability-name',
      'cf-no-such-capability',
    ],
  }),
  good('eks', 'ListCapabilities', {
    input: 'a cluster with a capability',
    args: async t => [
      '--cluster-name',
      (await capability(t, 'cf-cap-list')).clusterName,
    ],
    check: out =>
      expect(out.capabilities.map((c: any) => c.type)).toEqual(['KRO']),
  }),
  bad('eks', 'ListCapabilities', 'InvalidParameterException', {
    input: 'maxResults 101 (the model allows 1-100)',
    reference: `${EKS_API}/API_ListCapabilities.html`,
    args: t => ['--cluster-name', t.world.cluster, '--max-results', '101'],
  }),
  good('eks', 'UpdateCapability', {
    input: 'another role EKS Capabilities can assume',
    args: async t => {
      const c = await capability(t, 'cf-cap-upd');
      return [
        '--cluster-name',
        c.clusterName,
        '--capability-name',
        c.name,
        '--role-arn',
        await capabilityRole(t, 'cf-cap-upd2'),
      ];
    },
    check: out => expect(out.update.status).toBe('InProgress'),
  }),
  bad('eks', 'UpdateCapability', 'InvalidParameterException', {
    input:
      'a role that trusts pods.eks.amazonaws.com, not capabilities.eks.amazonaws.com',
    reference:
      'https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html',
    args: async t => {
      const c = await capability(t, 'cf-cap-upd-bad');
      return [
        '--cluster-name',
        c.clusterName,
        '--capability-name',
        c.name,
        '--role-arn',
        await role(t, 'cf-cap-pods', 'pods.eks.amazonaws.com'),
      ];
    },
  }),
  good('eks', 'DeleteCapability', {
    input: 'an ACTIVE capability',
    args: async t => {
      const c = await capability(t, 'cf-cap-del');
      return ['--cluster-name', c.clusterName, '--capability-name', c.name];
    },
    check: out => expect(out.capability.status).toBe('DELETING'),
  }),
  bad('eks', 'DeleteCapability', 'ResourceNotFoundException', {
    input: 'a capability that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--capability-name',
      'cf-no-such-capability',
    ],
  }),
  // ---- Pod Identity
  good('eks', 'CreatePodIdentityAssociation', {
    input: 'a service account and a role trusting pods.eks.amazonaws.com',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--namespace',
      'default',
      '--service-account',
      t.name('cf-pia'),
      '--role-arn',
      await role(t, 'cf-pia-role', 'pods.eks.amazonaws.com'),
    ],
    check: out => expect(out.association.associationId).toMatch(/^a-/),
  }),
  good('eks', 'CreatePodIdentityAssociation', {
    input:
      'a target role, session tags disabled and a session policy: the external id region/account/cluster/namespace/service-account',
    reference: `${EKS_API}/API_CreatePodIdentityAssociation.html`,
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--namespace',
      'default',
      '--service-account',
      t.name('cf-pia-target'),
      '--role-arn',
      await role(t, 'cf-pia-chain', 'pods.eks.amazonaws.com'),
      '--target-role-arn',
      await role(t, 'cf-pia-target-role', 'pods.eks.amazonaws.com'),
      '--disable-session-tags',
      '--policy',
      inlinePolicy(['s3:GetObject']),
    ],
    check: (out, t) => {
      expect(out.association.disableSessionTags).toBe(true);
      expect(JSON.parse(out.association.policy)).toEqual(
        JSON.parse(inlinePolicy(['s3:GetObject'])),
      );
      expect(out.association.externalId).toBe(
        `${t.world.region}/${t.world.accountId}/${t.world.cluster}/default/${out.association.serviceAccount}`,
      );
    },
  }),
  bad('eks', 'CreatePodIdentityAssociation', 'InvalidParameterException', {
    input: 'a session policy with session tags left on',
    reference: `${EKS_API}/API_CreatePodIdentityAssociation.html`,
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--namespace',
      'default',
      '--service-account',
      t.name('cf-pia-policy'),
      '--role-arn',
      await role(t, 'cf-pia-policy-role', 'pods.eks.amazonaws.com'),
      '--policy',
      inlinePolicy(['s3:GetObject']),
    ],
  }),
  bad('eks', 'CreatePodIdentityAssociation', 'ResourceInUseException', {
    input: "a second association for Karpenter's service account",
    reference: `${EKS_API}/API_CreatePodIdentityAssociation.html`,
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--namespace',
      'kube-system',
      '--service-account',
      'karpenter',
      '--role-arn',
      await role(t, 'cf-pia-dup', 'pods.eks.amazonaws.com'),
    ],
  }),
  good('eks', 'DescribePodIdentityAssociation', {
    input: 'an association',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      await podIdentity(t, 'cf-pia-get'),
    ],
    check: out => expect(out.association.namespace).toBe('default'),
  }),
  bad('eks', 'DescribePodIdentityAssociation', 'ResourceNotFoundException', {
    input: 'an association id that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      'a-0000000000000000a',
    ],
  }),
  good('eks', 'ListPodIdentityAssociations', {
    input: 'demo, namespace kube-system',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--namespace',
      'kube-system',
    ],
    check: out =>
      expect(out.associations.map((a: any) => a.serviceAccount)).toContain(
        'karpenter',
      ),
  }),
  bad('eks', 'ListPodIdentityAssociations', 'ResourceNotFoundException', {
    input: 'a cluster that does not exist',
    args: () => ['--cluster-name', 'cf-no-such-cluster'],
  }),
  good('eks', 'UpdatePodIdentityAssociation', {
    input: 'another role',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      await podIdentity(t, 'cf-pia-upd'),
      '--role-arn',
      await role(t, 'cf-pia-upd2', 'pods.eks.amazonaws.com'),
    ],
    check: out => expect(out.association.roleArn).toMatch(/cf-pia-upd2/),
  }),
  bad('eks', 'UpdatePodIdentityAssociation', 'InvalidParameterException', {
    input:
      'session tags turned back on while the association keeps its session policy',
    reference: `${EKS_API}/API_UpdatePodIdentityAssociation.html`,
    args: async t => {
      const created = await t.call('eks', 'create-pod-identity-association', [
        '--cluster-name',
        t.world.cluster,
        '--namespace',
        'default',
        '--service-account',
        t.name('cf-pia-upd-policy'),
        '--role-arn',
        await role(t, 'cf-pia-upd-policy-role', 'pods.eks.amazonaws.com'),
        '--disable-session-tags',
        '--policy',
        inlinePolicy(['s3:GetObject']),
      ]);
      return [
        '--cluster-name',
        t.world.cluster,
        '--association-id',
        created.association.associationId,
        '--no-disable-session-tags',
      ];
    },
  }),
  bad('eks', 'UpdatePodIdentityAssociation', 'ResourceNotFoundException', {
    input: 'an association id that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      'a-0000000000000000a',
      '--role-arn',
      t.world.karpenterNodeRoleArn,
    ],
  }),
  good('eks', 'DeletePodIdentityAssociation', {
    input: 'an association',
    args: async t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      await podIdentity(t, 'cf-pia-del'),
    ],
    check: out => expect(out.association.associationId).toMatch(/^a-/),
  }),
  bad('eks', 'DeletePodIdentityAssociation', 'ResourceNotFoundException', {
    input: 'an association id that does not exist',
    args: t => [
      '--cluster-name',
      t.world.cluster,
      '--association-id',
      'a-0000000000000000a',
    ],
  }),
];

const iamCases: AwsCase[] = [
  good('iam', 'CreateRole', {
    input: 'a role trusting eks.amazonaws.com',
    args: t => [
      '--role-name',
      t.name('cf-role'),
      '--assume-role-policy-document',
      trustPolicy('eks.amazonaws.com'),
    ],
    check: (out, t) =>
      expect(out.Role.Arn).toMatch(
        new RegExp(`^arn:aws:iam::${t.world.accountId}:role/cf-role-\\d+$`),
      ),
  }),
  bad('iam', 'CreateRole', 'MalformedPolicyDocument', {
    input: 'a trust policy naming a principal that does not exist',
    reference:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    args: t => [
      '--role-name',
      t.name('cf-role-ghost'),
      '--assume-role-policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              AWS: `arn:aws:iam::${t.world.accountId}:role/cf-ghost`,
            },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    ],
  }),
  bad('iam', 'CreateRole', 'ValidationError', {
    input: 'roleName "cf role!" (breaks the pattern [\\w+=,.@-]+)',
    reference: `${IAM_API}/API_CreateRole.html`,
    args: () => [
      '--role-name',
      'cf role!',
      '--assume-role-policy-document',
      trustPolicy('eks.amazonaws.com'),
    ],
  }),
  bad('iam', 'CreateRole', 'ValidationError', {
    input: 'a roleName of 65 characters (maximum 64)',
    reference: `${IAM_API}/API_CreateRole.html`,
    args: () => [
      '--role-name',
      'r'.repeat(65),
      '--assume-role-policy-document',
      trustPolicy('eks.amazonaws.com'),
    ],
  }),
  good('iam', 'GetRole', {
    input: 'the demo cluster role',
    args: () => ['--role-name', 'demo-cluster'],
    check: out =>
      expect(out.Role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
        Service: 'eks.amazonaws.com',
      }),
  }),
  bad('iam', 'GetRole', 'NoSuchEntity', {
    input: 'a role that does not exist',
    args: () => ['--role-name', 'cf-no-such-role'],
  }),
  good('iam', 'DeleteRole', {
    input: 'a role without policies',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-role-del', 'ec2.amazonaws.com')).split('/').pop()!,
    ],
  }),
  bad('iam', 'DeleteRole', 'DeleteConflict', {
    input: 'a role with an attached managed policy',
    reference: `${IAM_API}/API_DeleteRole.html`,
    args: () => ['--role-name', 'demo-node'],
  }),
  good('iam', 'UpdateAssumeRolePolicy', {
    input: 'a trust policy for pods.eks.amazonaws.com',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-trust-upd', 'ec2.amazonaws.com')).split('/').pop()!,
      '--policy-document',
      trustPolicy('pods.eks.amazonaws.com'),
    ],
  }),
  bad('iam', 'UpdateAssumeRolePolicy', 'MalformedPolicyDocument', {
    input: 'a trust policy naming a role that does not exist',
    reference:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    args: t => [
      '--role-name',
      'demo-node',
      '--policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              AWS: `arn:aws:iam::${t.world.accountId}:role/cf-ghost`,
            },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    ],
  }),
  good('iam', 'AttachRolePolicy', {
    input: 'AmazonEKSWorkerNodePolicy',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-attach', 'ec2.amazonaws.com')).split('/').pop()!,
      '--policy-arn',
      MANAGED('AmazonEKSWorkerNodePolicy'),
    ],
  }),
  bad('iam', 'AttachRolePolicy', 'NoSuchEntity', {
    input: 'a managed policy that does not exist',
    args: () => [
      '--role-name',
      'demo-node',
      '--policy-arn',
      MANAGED('CfNoSuchPolicy'),
    ],
  }),
  good('iam', 'DetachRolePolicy', {
    input: 'an attached policy',
    args: async t => {
      const name = (await role(t, 'cf-detach', 'ec2.amazonaws.com'))
        .split('/')
        .pop()!;
      await t.call('iam', 'attach-role-policy', [
        '--role-name',
        name,
        '--policy-arn',
        MANAGED('AmazonEKS_CNI_Policy'),
      ]);
      return [
        '--role-name',
        name,
        '--policy-arn',
        MANAGED('AmazonEKS_CNI_Policy'),
      ];
    },
  }),
  bad('iam', 'DetachRolePolicy', 'NoSuchEntity', {
    input: 'a policy not attached to the role',
    args: () => [
      '--role-name',
      'demo-cluster',
      '--policy-arn',
      MANAGED('AmazonEKS_CNI_Policy'),
    ],
  }),
  good('iam', 'ListAttachedRolePolicies', {
    input: 'the demo node role',
    args: () => ['--role-name', 'demo-node'],
    check: out =>
      expect(out.AttachedPolicies.map((p: any) => p.PolicyName)).toContain(
        'AmazonEKSWorkerNodePolicy',
      ),
  }),
  bad('iam', 'ListAttachedRolePolicies', 'NoSuchEntity', {
    input: 'a role that does not exist',
    args: () => ['--role-name', 'cf-no-such-role'],
  }),
  good('iam', 'PutRolePolicy', {
    input: 'an inline policy',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-inline', 'ec2.amazonaws.com')).split('/').pop()!,
      '--policy-name',
      'cf-inline',
      '--policy-document',
      inlinePolicy(['ec2:DescribeInstances']),
    ],
  }),
  bad('iam', 'PutRolePolicy', 'LimitExceeded', {
    input: 'an inline policy of more than 10,240 characters',
    reference: IAM_QUOTAS,
    args: async t => [
      '--role-name',
      (await role(t, 'cf-inline-big', 'ec2.amazonaws.com')).split('/').pop()!,
      '--policy-name',
      'big',
      '--policy-document',
      inlinePolicy(
        Array.from({ length: 600 }, (_, i) => `ec2:DescribeSomething${i}`),
      ),
    ],
  }),
  good('iam', 'GetRolePolicy', {
    input: "Karpenter's controller policy",
    args: () => [
      '--role-name',
      'KarpenterController-demo',
      '--policy-name',
      'KarpenterControllerPolicy',
    ],
    check: out => expect(out.PolicyName).toBe('KarpenterControllerPolicy'),
  }),
  bad('iam', 'GetRolePolicy', 'NoSuchEntity', {
    input: 'an inline policy the role does not have',
    args: () => ['--role-name', 'demo-node', '--policy-name', 'cf-none'],
  }),
  good('iam', 'ListRolePolicies', {
    input: "Karpenter's controller role",
    args: () => ['--role-name', 'KarpenterController-demo'],
    check: out =>
      expect(out.PolicyNames).toEqual(['KarpenterControllerPolicy']),
  }),
  bad('iam', 'ListRolePolicies', 'NoSuchEntity', {
    input: 'a role that does not exist',
    args: () => ['--role-name', 'cf-no-such-role'],
  }),
  good('iam', 'DeleteRolePolicy', {
    input: 'an inline policy',
    args: async t => {
      const name = (await role(t, 'cf-inline-del', 'ec2.amazonaws.com'))
        .split('/')
        .pop()!;
      await t.call('iam', 'put-role-policy', [
        '--role-name',
        name,
        '--policy-name',
        'p',
        '--policy-document',
        inlinePolicy(['ec2:DescribeInstances']),
      ]);
      return ['--role-name', name, '--policy-name', 'p'];
    },
  }),
  bad('iam', 'DeleteRolePolicy', 'NoSuchEntity', {
    input: 'an inline policy the role does not have',
    args: () => ['--role-name', 'demo-node', '--policy-name', 'cf-none'],
  }),
  good('iam', 'CreateInstanceProfile', {
    input: 'a new profile',
    args: t => ['--instance-profile-name', t.name('cf-ip')],
    check: out => expect(out.InstanceProfile.Roles).toEqual([]),
  }),
  bad('iam', 'CreateInstanceProfile', 'EntityAlreadyExists', {
    input: 'the name of an existing profile',
    args: async t => [
      '--instance-profile-name',
      await instanceProfile(t, 'cf-ip-dup'),
    ],
  }),
  good('iam', 'GetInstanceProfile', {
    input: 'an existing profile',
    args: async t => [
      '--instance-profile-name',
      await instanceProfile(t, 'cf-ip-get'),
    ],
    check: out =>
      expect(out.InstanceProfile.Arn).toMatch(/:instance-profile\//),
  }),
  bad('iam', 'GetInstanceProfile', 'NoSuchEntity', {
    input: 'a profile that does not exist',
    args: () => ['--instance-profile-name', 'cf-no-such-profile'],
  }),
  good('iam', 'AddRoleToInstanceProfile', {
    input: 'a role into an empty profile',
    args: async t => [
      '--instance-profile-name',
      await instanceProfile(t, 'cf-ip-add'),
      '--role-name',
      (await role(t, 'cf-ip-add-role', 'ec2.amazonaws.com')).split('/').pop()!,
    ],
  }),
  bad('iam', 'AddRoleToInstanceProfile', 'LimitExceeded', {
    input: 'a second role into a profile (one role per profile)',
    reference: IAM_QUOTAS,
    args: async t => {
      const profile = await instanceProfile(t, 'cf-ip-full');
      await t.call('iam', 'add-role-to-instance-profile', [
        '--instance-profile-name',
        profile,
        '--role-name',
        'demo-node',
      ]);
      return [
        '--instance-profile-name',
        profile,
        '--role-name',
        'KarpenterNodeRole-demo',
      ];
    },
  }),
  good('iam', 'RemoveRoleFromInstanceProfile', {
    input: "the profile's role",
    args: async t => {
      const profile = await instanceProfile(t, 'cf-ip-rm');
      await t.call('iam', 'add-role-to-instance-profile', [
        '--instance-profile-name',
        profile,
        '--role-name',
        'demo-node',
      ]);
      return ['--instance-profile-name', profile, '--role-name', 'demo-node'];
    },
  }),
  bad('iam', 'RemoveRoleFromInstanceProfile', 'NoSuchEntity', {
    input: 'a role the profile does not hold',
    args: async t => [
      '--instance-profile-name',
      await instanceProfile(t, 'cf-ip-rm-none'),
      '--role-name',
      'demo-node',
    ],
  }),
  good('iam', 'DeleteInstanceProfile', {
    input: 'an empty profile',
    args: async t => [
      '--instance-profile-name',
      await instanceProfile(t, 'cf-ip-del'),
    ],
  }),
  bad('iam', 'DeleteInstanceProfile', 'DeleteConflict', {
    input: 'a profile that still holds a role',
    reference: `${IAM_API}/API_DeleteInstanceProfile.html`,
    args: async t => {
      const profile = await instanceProfile(t, 'cf-ip-del-busy');
      await t.call('iam', 'add-role-to-instance-profile', [
        '--instance-profile-name',
        profile,
        '--role-name',
        'demo-node',
      ]);
      return ['--instance-profile-name', profile];
    },
  }),
  good('iam', 'ListInstanceProfilesForRole', {
    input: 'a role in one profile',
    args: async t => {
      const profile = await instanceProfile(t, 'cf-ip-list');
      const name = (await role(t, 'cf-ip-list-role', 'ec2.amazonaws.com'))
        .split('/')
        .pop()!;
      await t.call('iam', 'add-role-to-instance-profile', [
        '--instance-profile-name',
        profile,
        '--role-name',
        name,
      ]);
      return ['--role-name', name];
    },
    check: out => expect(out.InstanceProfiles).toHaveLength(1),
  }),
  bad('iam', 'ListInstanceProfilesForRole', 'NoSuchEntity', {
    input: 'a role that does not exist',
    args: () => ['--role-name', 'cf-no-such-role'],
  }),
  good('iam', 'GetUser', {
    input: 'the caller (no user name: the signing identity)',
    args: () => [],
    check: out => expect(out.User.Arn).toEqual(expect.any(String)),
  }),
  bad('iam', 'GetUser', 'NoSuchEntity', {
    input: 'a user that does not exist',
    args: () => ['--user-name', 'cf-no-such-user'],
  }),
];

const stsCases: AwsCase[] = [
  good('sts', 'GetCallerIdentity', {
    input: 'signed with the account 000000000000 key',
    args: () => [],
    check: (out, t) => expect(out.Account).toBe(t.world.accountId),
  }),
  bad('sts', 'GetCallerIdentity', 'MissingAuthenticationToken', {
    input: 'an unsigned request (--no-sign-request)',
    reference:
      'https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html',
    args: () => ['--no-sign-request'],
  }),
  bad('sts', 'GetCallerIdentity', 'SignatureDoesNotMatch', {
    input: "signed with a wrong secret for the account's access key",
    reference: SIGV4_ERRORS,
    credentials: WRONG_SECRET,
    args: () => [],
  }),
  bad('sts', 'GetCallerIdentity', 'InvalidClientTokenId', {
    input: 'signed with an access key the sandbox does not know',
    reference:
      'https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html',
    credentials: UNKNOWN_KEY,
    args: () => [],
  }),
];

const ec2Cases: AwsCase[] = [
  good('ec2', 'DescribeSubnets', {
    input: "the default VPC's subnets",
    args: t => ['--filters', `Name=vpc-id,Values=${t.world.vpcId}`],
    check: out => expect(out.Subnets).toHaveLength(6),
  }),
  bad('ec2', 'DescribeSubnets', 'AuthFailure', {
    input: "signed with a wrong secret for the account's access key",
    reference: EC2_ERRORS,
    credentials: WRONG_SECRET,
    args: t => ['--filters', `Name=vpc-id,Values=${t.world.vpcId}`],
  }),
  bad('ec2', 'DescribeSubnets', 'InvalidSubnetID.NotFound', {
    input: 'a subnet id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--subnet-ids', `subnet-${MISSING_EC2_ID}`],
  }),
  good('ec2', 'DescribeSecurityGroups', {
    input: 'groups tagged karpenter.sh/discovery=demo',
    args: () => ['--filters', 'Name=tag:karpenter.sh/discovery,Values=demo'],
    check: out => expect(out.SecurityGroups.length).toBeGreaterThan(0),
  }),
  bad('ec2', 'DescribeSecurityGroups', 'InvalidGroup.NotFound', {
    input: 'a group id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--group-ids', `sg-${MISSING_EC2_ID}`],
  }),
  good('ec2', 'DescribeInstances', {
    input: "the demo cluster's instances",
    args: () => ['--filters', 'Name=tag:eks:cluster-name,Values=demo'],
    check: out => expect(out.Reservations).toEqual(expect.any(Array)),
  }),
  bad('ec2', 'DescribeInstances', 'InvalidInstanceID.Malformed', {
    input: 'instance id "i-banana"',
    reference: EC2_ERRORS,
    args: () => ['--instance-ids', 'i-banana'],
  }),
  good('ec2', 'TerminateInstances', {
    input: "the instance of a node group's",
    args: async t => {
      const ng = await nodegroup(t, t.world.cluster, 'cf-ng-term');
      const out = await t.call('ec2', 'describe-instances', [
        '--filters',
        `Name=tag:eks:nodegroup-name,Values=${ng}`,
      ]);
      return ['--instance-ids', out.Reservations[0].Instances[0].InstanceId];
    },
    check: out =>
      expect(out.TerminatingInstances[0].CurrentState.Name).toBe(
        'shutting-down',
      ),
  }),
  bad('ec2', 'TerminateInstances', 'InvalidInstanceID.NotFound', {
    input: 'an instance id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--instance-ids', `i-${MISSING_EC2_ID}`],
  }),
  good('ec2', 'DescribeNetworkInterfaces', {
    input: 'available interfaces in the demo VPC',
    args: t => [
      '--filters',
      `Name=vpc-id,Values=${t.world.vpcId}`,
      'Name=status,Values=available',
    ],
    check: out => expect(out.NetworkInterfaces).toEqual(expect.any(Array)),
  }),
  bad(
    'ec2',
    'DescribeNetworkInterfaces',
    'InvalidNetworkInterfaceID.NotFound',
    {
      input: 'an interface id that does not exist',
      reference: EC2_ERRORS,
      args: () => ['--network-interface-ids', `eni-${MISSING_EC2_ID}`],
    },
  ),
  good('ec2', 'DeleteNetworkInterface', {
    input: 'a detached (available) interface',
    args: async t => {
      const out = await t.call('ec2', 'create-network-interface', [
        '--subnet-id',
        t.world.privateSubnetIds[0],
        '--description',
        t.name('cf-eni'),
      ]);
      return [
        '--network-interface-id',
        out.NetworkInterface.NetworkInterfaceId,
      ];
    },
  }),
  bad('ec2', 'DeleteNetworkInterface', 'InvalidNetworkInterfaceID.NotFound', {
    input: 'an interface id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--network-interface-id', `eni-${MISSING_EC2_ID}`],
  }),
  good('ec2', 'DeleteSecurityGroup', {
    input: 'a group nothing uses',
    args: async t => {
      const out = await t.call('ec2', 'create-security-group', [
        '--group-name',
        t.name('cf-sg-del'),
        '--description',
        'deleted by the conformance suite',
        '--vpc-id',
        t.world.vpcId,
      ]);
      return ['--group-id', out.GroupId];
    },
  }),
  bad('ec2', 'DeleteSecurityGroup', 'DependencyViolation', {
    input: 'a group a network interface still uses',
    reference: EC2_ERRORS,
    args: async t => {
      const group = await t.call('ec2', 'create-security-group', [
        '--group-name',
        t.name('cf-sg-used'),
        '--description',
        'kept by an interface',
        '--vpc-id',
        t.world.vpcId,
      ]);
      await t.call('ec2', 'create-network-interface', [
        '--subnet-id',
        t.world.privateSubnetIds[0],
        '--groups',
        group.GroupId,
      ]);
      return ['--group-id', group.GroupId];
    },
  }),
  good('ec2', 'DescribeVolumes', {
    input: 'volumes of the demo cluster',
    args: () => [
      '--filters',
      'Name=tag:kubernetes.io/cluster/demo,Values=owned',
    ],
    check: out => expect(out.Volumes).toEqual(expect.any(Array)),
  }),
  bad('ec2', 'DescribeVolumes', 'InvalidVolume.NotFound', {
    input: 'a volume id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--volume-ids', `vol-${MISSING_EC2_ID}`],
  }),
  good('ec2', 'CreateTags', {
    input: 'karpenter.sh/discovery on a subnet',
    args: t => [
      '--resources',
      t.world.privateSubnetIds[0],
      '--tags',
      `Key=cf-tag-${t.name('k')},Value=demo`,
    ],
  }),
  bad('ec2', 'CreateTags', 'InvalidParameterValue', {
    input: 'a tag key starting with aws: (reserved)',
    reference:
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions',
    args: t => [
      '--resources',
      t.world.privateSubnetIds[0],
      '--tags',
      'Key=aws:cf,Value=x',
    ],
  }),
  good('ec2', 'DescribeTags', {
    input: 'tags of a subnet',
    args: t => [
      '--filters',
      `Name=resource-id,Values=${t.world.privateSubnetIds[0]}`,
    ],
    check: out =>
      expect(out.Tags.map((x: any) => x.Key)).toContain(
        'karpenter.sh/discovery',
      ),
  }),
  bad('ec2', 'DescribeTags', 'InvalidParameterValue', {
    input: 'a filter name DescribeTags does not know (banana)',
    reference: `${EC2_API}/API_DescribeTags.html`,
    args: () => ['--filters', 'Name=banana,Values=x'],
  }),
  good('ec2', 'CreateLaunchTemplate', {
    input: 'IMDSv2 required, hop limit 2',
    args: t => [
      '--launch-template-name',
      t.name('cf-lt'),
      '--launch-template-data',
      JSON.stringify({ MetadataOptions: { HttpTokens: 'required' } }),
    ],
    check: out => expect(out.LaunchTemplate.LatestVersionNumber).toBe(1),
  }),
  bad(
    'ec2',
    'CreateLaunchTemplate',
    'InvalidLaunchTemplateName.AlreadyExistsException',
    {
      input: 'the name of an existing template',
      reference: EC2_ERRORS,
      args: async t => [
        '--launch-template-name',
        await launchTemplate(t, 'cf-lt-dup'),
        '--launch-template-data',
        JSON.stringify({ EbsOptimized: true }),
      ],
    },
  ),
  bad(
    'ec2',
    'CreateLaunchTemplate',
    'InvalidLaunchTemplateName.MalformedException',
    {
      input: 'name "cf lt!" (breaks the pattern [a-zA-Z0-9().\\-/_]+)',
      reference: EC2_ERRORS,
      args: () => [
        '--launch-template-name',
        'cf lt!',
        '--launch-template-data',
        JSON.stringify({ EbsOptimized: true }),
      ],
    },
  ),
  good('ec2', 'CreateLaunchTemplateVersion', {
    input: 'a second version',
    args: async t => [
      '--launch-template-name',
      await launchTemplate(t, 'cf-ltv'),
      '--source-version',
      '1',
      '--launch-template-data',
      JSON.stringify({ MetadataOptions: { HttpPutResponseHopLimit: 1 } }),
    ],
    check: out => expect(out.LaunchTemplateVersion.VersionNumber).toBe(2),
  }),
  bad(
    'ec2',
    'CreateLaunchTemplateVersion',
    'InvalidLaunchTemplateName.NotFoundException',
    {
      input: 'a template that does not exist',
      reference: EC2_ERRORS,
      args: () => [
        '--launch-template-name',
        'cf-no-such-lt',
        '--launch-template-data',
        JSON.stringify({ EbsOptimized: true }),
      ],
    },
  ),
  good('ec2', 'DescribeLaunchTemplates', {
    input: 'a template by name',
    args: async t => [
      '--launch-template-names',
      await launchTemplate(t, 'cf-lt-get'),
    ],
    check: out => expect(out.LaunchTemplates).toHaveLength(1),
  }),
  bad(
    'ec2',
    'DescribeLaunchTemplates',
    'InvalidLaunchTemplateName.NotFoundException',
    {
      input: 'a template name that does not exist',
      reference: EC2_ERRORS,
      args: () => ['--launch-template-names', 'cf-no-such-lt'],
    },
  ),
  good('ec2', 'DescribeLaunchTemplateVersions', {
    input: 'the versions of a template',
    args: async t => [
      '--launch-template-name',
      await launchTemplate(t, 'cf-lt-vers'),
    ],
    check: out =>
      expect(
        out.LaunchTemplateVersions[0].LaunchTemplateData.MetadataOptions
          .HttpTokens,
      ).toBe('required'),
  }),
  bad(
    'ec2',
    'DescribeLaunchTemplateVersions',
    'InvalidLaunchTemplateName.NotFoundException',
    {
      input: 'a template that does not exist',
      reference: EC2_ERRORS,
      args: () => ['--launch-template-name', 'cf-no-such-lt'],
    },
  ),
  good('ec2', 'ModifyLaunchTemplate', {
    input: 'default version 2',
    args: async t => {
      const name = await launchTemplate(t, 'cf-lt-mod');
      await t.call('ec2', 'create-launch-template-version', [
        '--launch-template-name',
        name,
        '--launch-template-data',
        JSON.stringify({ EbsOptimized: true }),
      ]);
      return ['--launch-template-name', name, '--default-version', '2'];
    },
    check: out => expect(out.LaunchTemplate.DefaultVersionNumber).toBe(2),
  }),
  bad(
    'ec2',
    'ModifyLaunchTemplate',
    'InvalidLaunchTemplateName.NotFoundException',
    {
      input: 'a template that does not exist',
      reference: EC2_ERRORS,
      args: () => [
        '--launch-template-name',
        'cf-no-such-lt',
        '--default-version',
        '1',
      ],
    },
  ),
  good('ec2', 'DeleteLaunchTemplate', {
    input: 'a template',
    args: async t => [
      '--launch-template-name',
      await launchTemplate(t, 'cf-lt-del'),
    ],
    check: out =>
      expect(out.LaunchTemplate.LaunchTemplateName).toMatch(/^cf-lt-del/),
  }),
  bad(
    'ec2',
    'DeleteLaunchTemplate',
    'InvalidLaunchTemplateName.NotFoundException',
    {
      input: 'a template that does not exist',
      reference: EC2_ERRORS,
      args: () => ['--launch-template-name', 'cf-no-such-lt'],
    },
  ),
];

const elbv2Cases: AwsCase[] = [
  good('elbv2', 'DescribeLoadBalancers', {
    input: 'all load balancers',
    args: () => [],
    check: out => expect(out.LoadBalancers).toEqual(expect.any(Array)),
  }),
  bad('elbv2', 'DescribeLoadBalancers', 'LoadBalancerNotFound', {
    input: 'a name that does not exist',
    reference:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html',
    args: () => ['--names', 'cf-no-such-lb'],
  }),
  good('elbv2', 'DeleteLoadBalancer', {
    input: 'a load balancer',
    args: async t => {
      const out = await t.call('elbv2', 'create-load-balancer', [
        '--name',
        t.name('cf-lb-del'),
        '--subnets',
        ...t.world.privateSubnetIds.slice(0, 2),
      ]);
      return ['--load-balancer-arn', out.LoadBalancers[0].LoadBalancerArn];
    },
  }),
  bad('elbv2', 'DeleteLoadBalancer', 'ValidationError', {
    input: 'an ARN that is not a load balancer ARN',
    reference:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html',
    args: t => [
      '--load-balancer-arn',
      `arn:aws:elasticloadbalancing:${t.world.region}:${t.world.accountId}:listener/app/cf/0123456789abcdef`,
    ],
  }),
  good('elbv2', 'DescribeTargetGroups', {
    input: 'all target groups',
    args: () => [],
    check: out => expect(out.TargetGroups).toEqual(expect.any(Array)),
  }),
  bad('elbv2', 'DescribeTargetGroups', 'TargetGroupNotFound', {
    input: 'a name that does not exist',
    reference:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html',
    args: () => ['--names', 'cf-no-such-tg'],
  }),
  good('elbv2', 'DeleteTargetGroup', {
    input: 'a target group no listener uses',
    args: async t => {
      const out = await t.call('elbv2', 'create-target-group', [
        '--name',
        t.name('cf-tg-del'),
        '--protocol',
        'HTTP',
        '--port',
        '80',
        '--vpc-id',
        t.world.vpcId,
        '--target-type',
        'ip',
      ]);
      return ['--target-group-arn', out.TargetGroups[0].TargetGroupArn];
    },
  }),
  bad('elbv2', 'DeleteTargetGroup', 'ValidationError', {
    input: 'an ARN that is not a target group ARN',
    reference:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html',
    args: t => [
      '--target-group-arn',
      `arn:aws:elasticloadbalancing:${t.world.region}:${t.world.accountId}:loadbalancer/app/cf/0123456789abcdef`,
    ],
  }),
  good('elbv2', 'DescribeTags', {
    input: 'the tags of a load balancer',
    args: async t => {
      const lbs = await t.call('elbv2', 'describe-load-balancers', []);
      expect(lbs.LoadBalancers.length).toBeGreaterThan(0);
      return ['--resource-arns', lbs.LoadBalancers[0].LoadBalancerArn];
    },
    check: out => expect(out.TagDescriptions).toHaveLength(1),
  }),
  bad('elbv2', 'DescribeTags', 'LoadBalancerNotFound', {
    input: 'the ARN of a load balancer that does not exist',
    reference:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html',
    args: t => [
      '--resource-arns',
      `arn:aws:elasticloadbalancing:${t.world.region}:${t.world.accountId}:loadbalancer/app/cf-none/0123456789abcdef`,
    ],
  }),
];

const sqsCases: AwsCase[] = [
  good('sqs', 'CreateQueue', {
    input: 'a standard queue with SSE',
    args: t => [
      '--queue-name',
      t.name('cf-q'),
      '--attributes',
      'SqsManagedSseEnabled=true,MessageRetentionPeriod=300',
    ],
    check: out => expect(out.QueueUrl).toMatch(/\/cf-q-\d+$/),
  }),
  bad('sqs', 'CreateQueue', 'InvalidParameterValue', {
    input: 'FifoQueue=true on a name without .fifo',
    reference: `${SQS_API}/API_CreateQueue.html`,
    args: t => [
      '--queue-name',
      t.name('cf-q-fifo'),
      '--attributes',
      'FifoQueue=true',
    ],
  }),
  good('sqs', 'GetQueueUrl', {
    input: 'Karpenter-demo',
    args: () => ['--queue-name', 'Karpenter-demo'],
    check: (out, t) => expect(out.QueueUrl).toBe(t.world.queueUrl),
  }),
  bad('sqs', 'GetQueueUrl', 'InvalidClientTokenId', {
    input: 'signed with an access key the sandbox does not know',
    reference: `${SQS_API}/CommonErrors.html`,
    credentials: UNKNOWN_KEY,
    args: () => ['--queue-name', 'Karpenter-demo'],
  }),
  bad('sqs', 'GetQueueUrl', 'AWS.SimpleQueueService.NonExistentQueue', {
    input: 'a queue that does not exist',
    reference: `${SQS_API}/API_GetQueueUrl.html`,
    args: () => ['--queue-name', 'cf-no-such-queue'],
  }),
  good('sqs', 'GetQueueAttributes', {
    input: 'All of Karpenter-demo',
    args: t => ['--queue-url', t.world.queueUrl, '--attribute-names', 'All'],
    check: (out, t) => expect(out.Attributes.QueueArn).toBe(t.world.queueArn),
  }),
  bad('sqs', 'GetQueueAttributes', 'InvalidAttributeName', {
    input: 'attribute name Banana',
    reference: `${SQS_API}/API_GetQueueAttributes.html`,
    args: t => ['--queue-url', t.world.queueUrl, '--attribute-names', 'Banana'],
  }),
  good('sqs', 'SetQueueAttributes', {
    input: 'MessageRetentionPeriod 300',
    args: async t => [
      '--queue-url',
      await queue(t, 'cf-q-set'),
      '--attributes',
      'MessageRetentionPeriod=300',
    ],
  }),
  bad('sqs', 'SetQueueAttributes', 'InvalidAttributeValue', {
    input: 'MessageRetentionPeriod 10 (minimum 60)',
    reference: `${SQS_API}/API_SetQueueAttributes.html`,
    args: async t => [
      '--queue-url',
      await queue(t, 'cf-q-set-bad'),
      '--attributes',
      'MessageRetentionPeriod=10',
    ],
  }),
  good('sqs', 'DeleteQueue', {
    input: 'a queue',
    args: async t => ['--queue-url', await queue(t, 'cf-q-del')],
  }),
  bad('sqs', 'DeleteQueue', 'AWS.SimpleQueueService.NonExistentQueue', {
    input: 'a queue URL that does not exist',
    reference: `${SQS_API}/API_DeleteQueue.html`,
    args: t => [
      '--queue-url',
      t.world.queueUrl.replace(/Karpenter-demo$/, 'cf-no-such-queue'),
    ],
  }),
];

const eventsCases: AwsCase[] = [
  good('events', 'PutRule', {
    input: 'a pattern of arrays',
    args: t => [
      '--name',
      t.name('cf-rule'),
      '--event-pattern',
      JSON.stringify({
        source: ['aws.ec2'],
        'detail-type': ['EC2 Spot Instance Interruption Warning'],
      }),
    ],
    check: out => expect(out.RuleArn).toMatch(/:rule\/cf-rule-\d+$/),
  }),
  bad('events', 'PutRule', 'InvalidEventPatternException', {
    input: 'pattern {"source":"aws.ec2"} (a value that is not an array)',
    reference:
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html',
    args: t => [
      '--name',
      t.name('cf-rule-bad'),
      '--event-pattern',
      JSON.stringify({ source: 'aws.ec2' }),
    ],
  }),
  bad('events', 'PutRule', 'ValidationException', {
    input: 'name "cf rule!" (breaks the pattern [\\.\\-_A-Za-z0-9]+)',
    reference: `${EVENTS_API}/API_PutRule.html`,
    args: () => [
      '--name',
      'cf rule!',
      '--event-pattern',
      JSON.stringify({ source: ['aws.ec2'] }),
    ],
  }),
  good('events', 'DescribeRule', {
    input: "Karpenter's spot interruption rule",
    args: t => ['--name', t.world.ruleName],
    check: out =>
      expect(JSON.parse(out.EventPattern).source).toEqual(['aws.ec2']),
  }),
  bad('events', 'DescribeRule', 'InvalidSignatureException', {
    input: "signed with a wrong secret for the account's access key",
    reference: `${EVENTS_API}/CommonErrors.html`,
    credentials: WRONG_SECRET,
    args: t => ['--name', t.world.ruleName],
  }),
  bad('events', 'DescribeRule', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    args: () => ['--name', 'cf-no-such-rule'],
  }),
  good('events', 'PutTargets', {
    input: 'the interruption queue as target',
    args: async t => [
      '--rule',
      await rule(t, 'cf-rule-tgt'),
      '--targets',
      JSON.stringify([{ Id: 'q', Arn: t.world.queueArn }]),
    ],
    check: out => expect(out.FailedEntryCount).toBe(0),
  }),
  bad('events', 'PutTargets', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    args: t => [
      '--rule',
      'cf-no-such-rule',
      '--targets',
      JSON.stringify([{ Id: 'q', Arn: t.world.queueArn }]),
    ],
  }),
  good('events', 'ListTargetsByRule', {
    input: "Karpenter's spot interruption rule",
    args: t => ['--rule', t.world.ruleName],
    check: (out, t) => expect(out.Targets[0].Arn).toBe(t.world.queueArn),
  }),
  bad('events', 'ListTargetsByRule', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    args: () => ['--rule', 'cf-no-such-rule'],
  }),
  good('events', 'ListRuleNamesByTarget', {
    input: 'the interruption queue',
    args: t => ['--target-arn', t.world.queueArn],
    check: (out, t) => expect(out.RuleNames).toContain(t.world.ruleName),
  }),
  bad('events', 'ListRuleNamesByTarget', 'ValidationException', {
    input: 'a target ARN of 1,601 characters (maximum 1,600)',
    reference: `${EVENTS_API}/API_ListRuleNamesByTarget.html`,
    args: () => [
      '--target-arn',
      `arn:aws:sqs:eu-west-1:000000000000:${'q'.repeat(1566)}`,
    ],
  }),
  good('events', 'RemoveTargets', {
    input: 'a target of the rule',
    args: async t => {
      const name = await rule(t, 'cf-rule-rm');
      await t.call('events', 'put-targets', [
        '--rule',
        name,
        '--targets',
        JSON.stringify([{ Id: 'q', Arn: t.world.queueArn }]),
      ]);
      return ['--rule', name, '--ids', 'q'];
    },
    check: out => expect(out.FailedEntryCount).toBe(0),
  }),
  bad('events', 'RemoveTargets', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    args: () => ['--rule', 'cf-no-such-rule', '--ids', 'q'],
  }),
  good('events', 'DeleteRule', {
    input: 'a rule without targets',
    args: async t => ['--name', await rule(t, 'cf-rule-del')],
  }),
  bad('events', 'DeleteRule', 'ValidationException', {
    input: 'a rule that still has targets',
    reference: `${EVENTS_API}/API_DeleteRule.html`,
    args: t => ['--name', t.world.ruleName],
  }),
];

/*
 * Tags, which the ownership rule reads and writes on every resource kind,
 * and the read-only calls the preflight checks make before any write.
 */

const eksTaggingCases: AwsCase[] = [
  good('eks', 'TagResource', {
    input: 'an ownership tag on demo',
    args: t => [
      '--resource-arn',
      `arn:aws:eks:${t.world.region}:${t.world.accountId}:cluster/demo`,
      '--tags',
      'cf-owner=platform',
    ],
  }),
  bad('eks', 'TagResource', 'BadRequestException', {
    input: 'a tag key starting with aws:',
    reference: `${EKS_API}/API_TagResource.html`,
    args: t => [
      '--resource-arn',
      `arn:aws:eks:${t.world.region}:${t.world.accountId}:cluster/demo`,
      '--tags',
      'aws:team=x',
    ],
  }),
  bad('eks', 'TagResource', 'NotFoundException', {
    input: 'a cluster that does not exist',
    reference: `${EKS_API}/API_TagResource.html`,
    args: t => [
      '--resource-arn',
      `arn:aws:eks:${t.world.region}:${t.world.accountId}:cluster/cf-no-such-cluster`,
      '--tags',
      'a=b',
    ],
  }),
];

const iamTaggingAndPolicyCases: AwsCase[] = [
  good('iam', 'TagRole', {
    input: 'an ownership tag on a role',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-role-tag', 'ec2.amazonaws.com')).split('/').pop()!,
      '--tags',
      'Key=eks.backstage.io/entity-ref,Value=resource:default/demo',
    ],
  }),
  bad('iam', 'TagRole', 'InvalidInput', {
    input: 'a tag key starting with aws:',
    reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html',
    args: async t => [
      '--role-name',
      (await role(t, 'cf-role-tag-bad', 'ec2.amazonaws.com')).split('/').pop()!,
      '--tags',
      'Key=aws:team,Value=x',
    ],
  }),
  bad('iam', 'TagRole', 'NoSuchEntity', {
    input: 'a role that does not exist',
    args: () => ['--role-name', 'cf-no-such-role', '--tags', 'Key=a,Value=b'],
  }),
  good('iam', 'GetPolicy', {
    input: 'the AWS managed AmazonEKSClusterPolicy',
    args: () => ['--policy-arn', MANAGED('AmazonEKSClusterPolicy')],
    check: out =>
      expect(out.Policy).toMatchObject({
        PolicyName: 'AmazonEKSClusterPolicy',
        IsAttachable: true,
      }),
  }),
  bad('iam', 'GetPolicy', 'NoSuchEntity', {
    input: 'an AWS managed policy that does not exist',
    args: () => ['--policy-arn', MANAGED('CfNoSuchPolicy')],
  }),
  good('iam', 'GetPolicyVersion', {
    input: "a customer managed policy's default version",
    args: async t => {
      const out = await t.call('iam', 'create-policy', [
        '--policy-name',
        t.name('cf-pol-ver'),
        '--policy-document',
        inlinePolicy(['sqs:ReceiveMessage']),
      ]);
      return [
        '--policy-arn',
        out.Policy.Arn,
        '--version-id',
        out.Policy.DefaultVersionId,
      ];
    },
    check: out =>
      // the CLI decodes the URL-encoded document, as it does for roles
      expect(out.PolicyVersion.Document.Statement[0].Action).toEqual([
        'sqs:ReceiveMessage',
      ]),
  }),
  bad('iam', 'GetPolicyVersion', 'ValidationError', {
    input: 'version id "banana" (the model\'s pattern is v[1-9][0-9]*...)',
    reference: `${IAM_API}/API_GetPolicyVersion.html`,
    args: () => [
      '--policy-arn',
      MANAGED('AmazonEKSClusterPolicy'),
      '--version-id',
      'banana',
    ],
  }),
];

const ec2PreflightCases: AwsCase[] = [
  good('ec2', 'DescribeRegions', {
    input: "the sandbox's Region by name",
    args: t => ['--region-names', t.world.region],
    check: (out, t) =>
      expect(
        out.Regions.map((r: { RegionName: string }) => r.RegionName),
      ).toEqual([t.world.region]),
  }),
  bad('ec2', 'DescribeRegions', 'InvalidParameterValue', {
    input: 'Region name banana-1',
    reference: `${EC2_API}/API_DescribeRegions.html`,
    args: () => ['--region-names', 'banana-1'],
  }),
  good('ec2', 'DescribeInstanceTypeOfferings', {
    input: 't3.large in the Region',
    args: () => ['--filters', 'Name=instance-type,Values=t3.large'],
    check: out =>
      expect(out.InstanceTypeOfferings).toEqual([
        expect.objectContaining({ InstanceType: 't3.large' }),
      ]),
  }),
  bad('ec2', 'DescribeInstanceTypeOfferings', 'InvalidParameterValue', {
    input: 'filter name banana',
    reference: EC2_ERRORS,
    args: () => ['--filters', 'Name=banana,Values=x'],
  }),
];

const sqsTaggingCases: AwsCase[] = [
  good('sqs', 'TagQueue', {
    input: 'an ownership tag on a queue',
    args: async t => [
      '--queue-url',
      await queue(t, 'cf-q-tag'),
      '--tags',
      'eks.backstage.io/entity-ref=resource:default/demo',
    ],
  }),
  bad('sqs', 'TagQueue', 'AWS.SimpleQueueService.NonExistentQueue', {
    input: 'a queue URL that does not exist',
    reference: `${SQS_API}/API_TagQueue.html`,
    args: t => [
      '--queue-url',
      t.world.queueUrl.replace(/Karpenter-demo$/, 'cf-no-such-queue'),
      '--tags',
      'a=b',
    ],
  }),
  good('sqs', 'ListQueueTags', {
    input: 'a queue tagged when it was created',
    args: async t => {
      const out = await t.call('sqs', 'create-queue', [
        '--queue-name',
        t.name('cf-q-tags'),
        '--tags',
        'team=platform',
      ]);
      return ['--queue-url', out.QueueUrl];
    },
    check: out => expect(out.Tags).toEqual({ team: 'platform' }),
  }),
  bad('sqs', 'ListQueueTags', 'AWS.SimpleQueueService.NonExistentQueue', {
    input: 'a queue URL that does not exist',
    reference: `${SQS_API}/API_ListQueueTags.html`,
    args: t => [
      '--queue-url',
      t.world.queueUrl.replace(/Karpenter-demo$/, 'cf-no-such-queue'),
    ],
  }),
];

const eventsTaggingCases: AwsCase[] = [
  good('events', 'TagResource', {
    input: "an ownership tag on Karpenter's spot interruption rule",
    args: t => [
      '--resource-arn',
      `arn:aws:events:${t.world.region}:${t.world.accountId}:rule/${t.world.ruleName}`,
      '--tags',
      'Key=cf-owner,Value=platform',
    ],
  }),
  bad('events', 'TagResource', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    reference: `${EVENTS_API}/API_TagResource.html`,
    args: t => [
      '--resource-arn',
      `arn:aws:events:${t.world.region}:${t.world.accountId}:rule/cf-no-such-rule`,
      '--tags',
      'Key=a,Value=b',
    ],
  }),
  good('events', 'ListTagsForResource', {
    input: "Karpenter's spot interruption rule",
    args: t => [
      '--resource-arn',
      `arn:aws:events:${t.world.region}:${t.world.accountId}:rule/${t.world.ruleName}`,
    ],
    check: out => expect(out.Tags).toEqual(expect.any(Array)),
  }),
  bad('events', 'ListTagsForResource', 'ResourceNotFoundException', {
    input: 'a rule that does not exist',
    reference: `${EVENTS_API}/API_ListTagsForResource.html`,
    args: t => [
      '--resource-arn',
      `arn:aws:events:${t.world.region}:${t.world.accountId}:rule/cf-no-such-rule`,
    ],
  }),
];

/** Every AWS case, in the order of the coverage table. */
/** What the form's pickers list: IAM roles and users, VPCs, instance types; pages included. */
const accountPickerCases: AwsCase[] = [
  good('iam', 'ListRoles', {
    input: 'a page of 2 (MaxItems), then the next page from its Marker',
    args: () => ['--no-paginate', '--max-items', '2'],
    check: async (out, t) => {
      expect(out.Roles).toHaveLength(2);
      expect(out.IsTruncated).toBe(true);
      expect(out.Marker).toEqual(expect.any(String));
      const next = await t.call('iam', 'list-roles', [
        '--no-paginate',
        '--max-items',
        '2',
        '--marker',
        out.Marker,
      ]);
      const first = out.Roles.map((r: { Arn: string }) => r.Arn);
      expect(next.Roles.length).toBeGreaterThan(0);
      expect(
        next.Roles.filter((r: { Arn: string }) => first.includes(r.Arn)),
      ).toEqual([]);
    },
  }),
  bad('iam', 'ListRoles', 'ValidationError', {
    input: 'MaxItems 1001 (at most 1000)',
    reference: `${IAM_API}/API_ListRoles.html`,
    args: () => ['--no-paginate', '--max-items', '1001'],
  }),
  bad('iam', 'ListRoles', 'ValidationError', {
    input: 'a Marker IAM did not hand out',
    reference: `${IAM_API}/API_ListRoles.html`,
    args: () => ['--marker', 'not-a-marker-iam-gave'],
  }),
  good('iam', 'ListUsers', {
    input: "the account's users, in one page",
    args: () => [],
    check: (out, t) => {
      expect(out.Users.length).toBeGreaterThan(0);
      for (const user of out.Users) {
        expect(user.Arn).toMatch(
          new RegExp(`^arn:aws:iam::${t.world.accountId}:user/`),
        );
      }
    },
  }),
  bad('iam', 'ListUsers', 'ValidationError', {
    input: 'MaxItems 1001 (at most 1000)',
    reference: `${IAM_API}/API_ListUsers.html`,
    args: () => ['--no-paginate', '--max-items', '1001'],
  }),
  good('ec2', 'DescribeVpcs', {
    input: 'the default VPC by id, with its CIDR and Name tag',
    args: t => ['--vpc-ids', t.world.vpcId],
    check: (out, t) =>
      expect(out.Vpcs).toEqual([
        expect.objectContaining({
          VpcId: t.world.vpcId,
          CidrBlock: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+\/\d+$/),
          Tags: expect.arrayContaining([
            expect.objectContaining({ Key: 'Name' }),
          ]),
        }),
      ]),
  }),
  bad('ec2', 'DescribeVpcs', 'InvalidVpcID.NotFound', {
    input: 'a VPC id that does not exist',
    reference: EC2_ERRORS,
    args: () => ['--vpc-ids', `vpc-${MISSING_EC2_ID}`],
  }),
  bad('ec2', 'DescribeVpcs', 'InvalidParameterValue', {
    input: 'MaxResults 1001 (5 to 1000)',
    reference: `${EC2_API}/API_DescribeVpcs.html`,
    args: () => ['--no-paginate', '--max-results', '1001'],
  }),
  good('ec2', 'DescribeInstanceTypeOfferings', {
    input: 'a page of 5 (MaxResults), then the next page from its NextToken',
    args: () => [
      '--location-type',
      'region',
      '--no-paginate',
      '--max-results',
      '5',
    ],
    check: async (out, t) => {
      expect(out.InstanceTypeOfferings).toHaveLength(5);
      expect(out.NextToken).toEqual(expect.any(String));
      const next = await t.call('ec2', 'describe-instance-type-offerings', [
        '--location-type',
        'region',
        '--no-paginate',
        '--max-results',
        '5',
        '--next-token',
        out.NextToken,
      ]);
      const first = out.InstanceTypeOfferings.map(
        (o: { InstanceType: string }) => o.InstanceType,
      );
      expect(next.InstanceTypeOfferings).toHaveLength(5);
      expect(
        next.InstanceTypeOfferings.filter((o: { InstanceType: string }) =>
          first.includes(o.InstanceType),
        ),
      ).toEqual([]);
    },
  }),
  bad('ec2', 'DescribeInstanceTypeOfferings', 'InvalidParameterValue', {
    input: 'MaxResults 1001 (5 to 1000)',
    reference: `${EC2_API}/API_DescribeInstanceTypeOfferings.html`,
    args: () => ['--no-paginate', '--max-results', '1001'],
  }),
];

export const AWS_CASES: AwsCase[] = [
  ...eksCases,
  ...eksTaggingCases,
  ...iamCases,
  ...iamTaggingAndPolicyCases,
  ...stsCases,
  ...ec2Cases,
  ...ec2PreflightCases,
  ...elbv2Cases,
  ...sqsCases,
  ...sqsTaggingCases,
  ...eventsCases,
  ...eventsTaggingCases,
  ...accountPickerCases,
];
