import type { AwsContext } from './aws/context';
import { createSecurityGroup } from './aws/ec2/securityGroups';
import { addSubnet, addVpc } from './aws/ec2/store';
import { createAccessEntry } from './aws/eks/accessEntries';
import { createAddon } from './aws/eks/addons';
import { createCluster } from './aws/eks/clusters';
import { createNodegroup } from './aws/eks/nodegroups';
import { createPodIdentityAssociation } from './aws/eks/podIdentity';
import { addRole, serviceTrustPolicy } from './aws/iam/store';
import { addQueue } from './aws/sqs/store';
import { addRule } from './aws/events/store';
import { KARPENTER_INTERRUPTION_RULES } from './aws/events/karpenterRules';
import { Scheduler } from './scheduler';
import { KubeSimulation } from './simulation/KubeSimulation';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, SandboxState } from './state';
import { seedDemoKubernetes } from './kubernetes';

/** Runs state transitions at once: seeding uses the real handlers without waiting. */
class ImmediateScheduler extends Scheduler {
  constructor() {
    super(0);
  }
  override after(_baseMs: number, fn: () => void): void {
    fn();
  }
}

export const DEMO_CLUSTER = 'demo';
export const DEMO_ZONES = ['a', 'b', 'c'].map(z => `${DEFAULT_REGION}${z}`);

/** What the seed needs of the running sandbox: its endpoints and the CA its clusters name. */
export interface SeedEndpoints {
  baseUrl: string;
  clusterEndpoints: AwsContext['clusterEndpoints'];
  accessKeys: AwsContext['accessKeys'];
  certificateAuthorityData: string;
}

function seedContext(
  state: SandboxState,
  simulation: KubeSimulation,
  endpoints: SeedEndpoints,
  operation: string,
): AwsContext {
  const account = state.account(DEFAULT_ACCOUNT_ID);
  return {
    service: 'seed',
    operation,
    accountId: DEFAULT_ACCOUNT_ID,
    region: DEFAULT_REGION,
    requestId: 'seed',
    ...endpoints,
    state,
    account,
    regional: account.region(DEFAULT_REGION),
    scheduler: new ImmediateScheduler(),
    simulation,
    recordWrite: () => {},
  };
}

/**
 * The seeded world: a default VPC with public and private subnets in three
 * zones, and the ACTIVE `demo` cluster with its node group, add-ons, Pod
 * Identity, Karpenter (roles, interruption queue and rules, NodePool) and the
 * AWS Load Balancer Controller.
 */
export function seedSandbox(
  state: SandboxState,
  simulation: KubeSimulation,
  endpoints: SeedEndpoints,
): void {
  const ctx = seedContext(state, simulation, endpoints, 'Seed');
  const { regional, account } = ctx;
  const ec2 = regional.ec2;

  const vpc = addVpc(ec2, {
    cidrBlock: '10.0.0.0/16',
    isDefault: true,
    tags: { Name: 'default' },
  });
  DEMO_ZONES.forEach((zone, i) =>
    addSubnet(ec2, DEFAULT_REGION, {
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${i * 16}.0/20`,
      availabilityZone: zone,
      mapPublicIpOnLaunch: true,
      tags: { Name: `default-public-${zone}`, 'kubernetes.io/role/elb': '1' },
    }),
  );
  const privateSubnets = DEMO_ZONES.map((zone, i) =>
    addSubnet(ec2, DEFAULT_REGION, {
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${128 + i * 16}.0/20`,
      availabilityZone: zone,
      tags: {
        Name: `default-private-${zone}`,
        'kubernetes.io/role/internal-elb': '1',
        'karpenter.sh/discovery': DEMO_CLUSTER,
      },
    }),
  );
  createSecurityGroup(ec2, {
    groupName: 'default',
    description: 'default VPC security group',
    vpcId: vpc.vpcId,
  });
  createSecurityGroup(ec2, {
    groupName: `${DEMO_CLUSTER}-node`,
    description: 'EKS node shared security group',
    vpcId: vpc.vpcId,
    tags: {
      Name: `${DEMO_CLUSTER}-node`,
      'karpenter.sh/discovery': DEMO_CLUSTER,
    },
  });

  const iam = account.iam;
  const clusterRole = addRole(iam, {
    roleName: `${DEMO_CLUSTER}-cluster`,
    assumeRolePolicyDocument: serviceTrustPolicy(
      ['eks.amazonaws.com'],
      ['sts:AssumeRole', 'sts:TagSession'],
    ),
  });
  for (const p of ['AmazonEKSClusterPolicy'])
    clusterRole.attachedPolicyArns.add(`arn:aws:iam::aws:policy/${p}`);
  const nodeRole = addRole(iam, {
    roleName: `${DEMO_CLUSTER}-node`,
    assumeRolePolicyDocument: serviceTrustPolicy(['ec2.amazonaws.com']),
  });
  for (const p of [
    'AmazonEKSWorkerNodePolicy',
    'AmazonEKS_CNI_Policy',
    'AmazonEC2ContainerRegistryReadOnly',
    'AmazonSSMManagedInstanceCore',
  ]) {
    nodeRole.attachedPolicyArns.add(`arn:aws:iam::aws:policy/${p}`);
  }
  const karpenterNodeRole = addRole(iam, {
    roleName: `KarpenterNodeRole-${DEMO_CLUSTER}`,
    assumeRolePolicyDocument: serviceTrustPolicy(['ec2.amazonaws.com']),
  });
  for (const p of [
    'AmazonEKSWorkerNodePolicy',
    'AmazonEKS_CNI_Policy',
    'AmazonEC2ContainerRegistryReadOnly',
    'AmazonSSMManagedInstanceCore',
  ]) {
    karpenterNodeRole.attachedPolicyArns.add(`arn:aws:iam::aws:policy/${p}`);
  }
  const karpenterControllerRole = addRole(iam, {
    roleName: `KarpenterController-${DEMO_CLUSTER}`,
    assumeRolePolicyDocument: serviceTrustPolicy(
      ['pods.eks.amazonaws.com'],
      ['sts:AssumeRole', 'sts:TagSession'],
    ),
  });
  karpenterControllerRole.inlinePolicies.set(
    'KarpenterControllerPolicy',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowScopedEC2InstanceAccessActions',
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
          Resource: '*',
        },
        {
          Sid: 'AllowInterruptionQueueActions',
          Effect: 'Allow',
          Action: [
            'sqs:DeleteMessage',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
          ],
          Resource: `arn:aws:sqs:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:Karpenter-${DEMO_CLUSTER}`,
        },
        {
          Sid: 'AllowPassingInstanceRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: karpenterNodeRole.arn,
        },
        {
          Sid: 'AllowAPIServerEndpointDiscovery',
          Effect: 'Allow',
          Action: 'eks:DescribeCluster',
          Resource: `arn:aws:eks:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:cluster/${DEMO_CLUSTER}`,
        },
      ],
    }),
  );

  createCluster(ctx, {
    pathParams: {},
    query: new URLSearchParams(),
    body: {
      name: DEMO_CLUSTER,
      version: '1.33',
      roleArn: clusterRole.arn,
      resourcesVpcConfig: {
        subnetIds: privateSubnets.map(s => s.subnetId),
        endpointPublicAccess: true,
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      upgradePolicy: { supportType: 'STANDARD' },
      tags: { 'karpenter.sh/discovery': DEMO_CLUSTER, environment: 'demo' },
    },
  });
  const cluster = regional.eks.clusters.get(DEMO_CLUSTER)!;
  // the cluster security group is discoverable by Karpenter too
  ec2.securityGroups.get(
    cluster.resourcesVpcConfig.clusterSecurityGroupId,
  )!.tags['karpenter.sh/discovery'] = DEMO_CLUSTER;
  const kube = cluster.kube!;

  createNodegroup(ctx, {
    pathParams: { clusterName: DEMO_CLUSTER },
    query: new URLSearchParams(),
    body: {
      nodegroupName: 'system',
      nodeRole: nodeRole.arn,
      subnets: privateSubnets.map(s => s.subnetId),
      instanceTypes: ['t3.large'],
      scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
      labels: { role: 'system', 'karpenter.sh/controller': 'true' },
    },
  });

  // Namespaces, Karpenter (CRDs, controller, NodePool), the load balancer
  // controller and a demo application, from the Kubernetes simulation.
  seedDemoKubernetes(kube, { zones: DEMO_ZONES, nodeGroup: 'system' });

  createAccessEntry(ctx, {
    pathParams: { clusterName: DEMO_CLUSTER },
    query: new URLSearchParams(),
    body: { principalArn: karpenterNodeRole.arn, type: 'EC2_LINUX' },
  });

  const addonReq = (body: Record<string, unknown>) => ({
    pathParams: { clusterName: DEMO_CLUSTER },
    query: new URLSearchParams(),
    body,
  });
  createAddon(
    ctx,
    addonReq({
      addonName: 'eks-pod-identity-agent',
      resolveConflicts: 'OVERWRITE',
    }),
  );
  createAddon(
    ctx,
    addonReq({ addonName: 'vpc-cni', resolveConflicts: 'OVERWRITE' }),
  );
  createAddon(
    ctx,
    addonReq({ addonName: 'coredns', resolveConflicts: 'OVERWRITE' }),
  );
  createAddon(
    ctx,
    addonReq({ addonName: 'kube-proxy', resolveConflicts: 'OVERWRITE' }),
  );
  // No role and no Pod Identity association: DEGRADED, as in the field notes.
  createAddon(
    ctx,
    addonReq({
      addonName: 'aws-ebs-csi-driver',
      resolveConflicts: 'OVERWRITE',
    }),
  );

  createPodIdentityAssociation(ctx, {
    pathParams: { clusterName: DEMO_CLUSTER },
    query: new URLSearchParams(),
    body: {
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      roleArn: karpenterControllerRole.arn,
    },
  });

  const lbcRole = addRole(iam, {
    roleName: `${DEMO_CLUSTER}-aws-load-balancer-controller`,
    assumeRolePolicyDocument: serviceTrustPolicy(
      ['pods.eks.amazonaws.com'],
      ['sts:AssumeRole', 'sts:TagSession'],
    ),
  });
  createPodIdentityAssociation(ctx, {
    pathParams: { clusterName: DEMO_CLUSTER },
    query: new URLSearchParams(),
    body: {
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      roleArn: lbcRole.arn,
    },
  });

  const queueName = `Karpenter-${DEMO_CLUSTER}`;
  const queue = addQueue(regional, endpoints.baseUrl, queueName, {
    MessageRetentionPeriod: '300',
    SqsManagedSseEnabled: 'true',
  });
  queue.attributes.Policy = JSON.stringify({
    Version: '2012-10-17',
    Id: 'EC2InterruptionPolicy',
    Statement: [
      {
        Sid: 'EC2InterruptionPolicy',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        Action: 'sqs:SendMessage',
        Resource: queue.arn,
      },
      {
        Sid: 'DenyHTTP',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: queue.arn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
  for (const rule of KARPENTER_INTERRUPTION_RULES) {
    const r = addRule(regional, {
      name: `Karpenter-${DEMO_CLUSTER}-${rule.suffix}`,
      eventPattern: JSON.stringify(rule.pattern),
      description: rule.description,
      tags: { 'karpenter.sh/discovery': DEMO_CLUSTER },
    });
    r.targets.set('KarpenterInterruptionQueueTarget', {
      Id: 'KarpenterInterruptionQueueTarget',
      Arn: queue.arn,
    });
  }
}
