import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { createSandboxRole } from './__testUtils__/iam';
import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
  useSandboxHelm,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('new-eks-cluster');

const values = {
  clusterName: 'payments',
  region: 'eu-west-1',
  kubernetesVersion: '1.33',
  autoMode: false,
  owner: 'group:default/guests',
  system: 'eks-platform',
  adminPrincipalArns: ['arn:aws:iam::000000000000:role/platform-admins'],
  createSystemNodeGroup: true,
  systemNodeGroup: {
    name: 'system',
    instanceTypes: ['m7i.large'],
    minSize: 2,
    desiredSize: 2,
    maxSize: 4,
  },
  addons: [
    { name: 'vpc-cni', version: 'latest' },
    { name: 'coredns', version: 'latest' },
    { name: 'kube-proxy', version: 'latest' },
    { name: 'eks-pod-identity-agent', version: 'latest' },
  ],
  metricsServerOnAutoMode: true,
  corednsConfiguration: JSON.stringify({ replicaCount: 3 }),
  installKarpenter: true,
};

describe('template new-eks-cluster', () => {
  let backend: TemplateBackend;
  let restoreHelm: () => void;

  beforeAll(async () => {
    restoreHelm = useSandboxHelm();
    backend = await startTemplateBackend([template]);
  });
  afterAll(async () => {
    await backend.stop();
    restoreHelm();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    await createSandboxRole(backend.sandbox, 'platform-admins');
    backend.sandbox.clearWrites();
  });

  it('plans every step in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual([
      'create-cluster',
      'install-addons',
      'install-metrics-server',
      'configure-coredns',
      'install-karpenter',
      'write-catalog-info',
    ]);
    const catalogInfo = result.directoryContents.find(
      f => f.path === 'catalog-info.yaml',
    );
    expect(
      Buffer.from(catalogInfo!.base64Content, 'base64').toString('utf8'),
    ).toContain(
      'eks.backstage.io/cluster-arn: arn:aws:eks:eu-west-1:000000000000:cluster/payments',
    );
    expect(result.output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/payments' }),
      expect.objectContaining({
        url: 'https://eu-west-1.console.aws.amazon.com/eks/clusters/payments?region=eu-west-1',
      }),
    ]);
  });

  it('creates the cluster with its add-ons, CoreDNS configuration and Karpenter', async () => {
    const result = await backend.run(template, values);

    expectCompleted(result);
    const cluster =
      backend.sandbox.snapshot().accounts['000000000000'].regions['eu-west-1']
        .eks.clusters.payments;
    expect(cluster.status).toBe('ACTIVE');
    expect(cluster.version).toBe('1.33');
    expect(cluster.nodegroups.system).toMatchObject({
      status: 'ACTIVE',
      desiredSize: 2,
    });
    expect(cluster.accessEntries).toContain(
      'arn:aws:iam::000000000000:role/platform-admins',
    );
    for (const addon of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
    ]) {
      expect(cluster.addons[addon]?.status).toBe('ACTIVE');
    }
    // metrics-server is added by default on Auto Mode only
    expect(cluster.addons['metrics-server']).toBeUndefined();
    const corednsConfigurations = backend.sandbox.writes
      .filter(
        w =>
          w.service === 'eks' &&
          ['CreateAddon', 'UpdateAddon'].includes(w.operation) &&
          (w.params as { addonName?: string }).addonName === 'coredns',
      )
      .map(
        w => (w.params as { configurationValues?: string }).configurationValues,
      )
      .filter(Boolean)
      .map(v => JSON.parse(v!));
    expect(corednsConfigurations).toContainEqual({ replicaCount: 3 });

    const createCluster = backend.sandbox.writes.find(
      w => w.service === 'eks' && w.operation === 'CreateCluster',
    );
    expect(
      (createCluster?.params as { tags?: Record<string, string> }).tags,
    ).toMatchObject({ owner: 'group:default/guests' });

    const kubernetes = cluster.kubernetes!;
    expect(kubernetes['karpenter.sh/v1/NodePool']).toEqual(['default']);
    expect(kubernetes['karpenter.k8s.aws/v1/EC2NodeClass']).toEqual([
      'default',
    ]);
    const region =
      backend.sandbox.snapshot().accounts['000000000000'].regions['eu-west-1'];
    expect(Object.keys(region.sqs.queues)).toContain('Karpenter-payments');

    expect(result.output.links[0]).toMatchObject({
      entityRef: 'resource:default/payments',
    });
    expect(JSON.stringify(result.output.text)).toContain(
      'arn:aws:eks:eu-west-1:000000000000:cluster/payments',
    );
    // a whole cluster with Karpenter: more than jest's 5 s on a busy machine
  }, 60_000);

  it('creates the cluster in the VPC and subnets picked in the form, and finds them by tag when none are picked', async () => {
    const { sandbox } = backend;
    const regional = sandbox.state.region(sandbox.accountId, sandbox.region);
    const subnets = [...regional.ec2.subnets.values()];
    const vpcId = subnets[0].vpcId;
    const tagged = (tag: string) =>
      subnets
        .filter(s => s.vpcId === vpcId && s.tags[tag])
        .map(s => s.subnetId);
    // public subnets: tag discovery would pick the private ones
    const picked = tagged('kubernetes.io/role/elb').slice(0, 2);
    const clusterSubnets = (name: string) =>
      regional.eks.clusters.get(name)?.resourcesVpcConfig.subnetIds;
    const small = {
      ...values,
      createSystemNodeGroup: false,
      addons: [],
      corednsConfiguration: undefined,
      installKarpenter: false,
    };

    expectCompleted(
      await backend.run(template, {
        ...small,
        clusterName: 'picked-net',
        vpcId,
        subnetIds: picked,
      }),
    );
    // the same subnets: the action lists them in ID order, the form in pick order
    expect([...(clusterSubnets('picked-net') ?? [])].sort()).toEqual(
      [...picked].sort(),
    );

    // an empty list (the picker cleared) is "find them", not an error
    expectCompleted(
      await backend.run(template, {
        ...small,
        clusterName: 'tagged-net',
        vpcId,
        subnetIds: [],
      }),
    );
    expect([...(clusterSubnets('tagged-net') ?? [])].sort()).toEqual(
      tagged('kubernetes.io/role/internal-elb').sort(),
    );
  }, 60_000);

  it('on Auto Mode, with the form defaults, makes no node group, no Karpenter and none of the add-ons Auto Mode replaces, and installs metrics-server', async () => {
    const result = await backend.run(template, {
      ...values,
      clusterName: 'checkout-auto',
      autoMode: true,
      // the form's defaults: the node group box stays ticked
      createSystemNodeGroup: true,
    });

    expectCompleted(result);
    const region =
      backend.sandbox.snapshot().accounts['000000000000'].regions['eu-west-1'];
    const cluster = region.eks.clusters['checkout-auto'];
    expect(cluster.status).toBe('ACTIVE');
    expect(cluster.nodegroups).toEqual({});
    expect(Object.keys(region.sqs.queues)).not.toContain(
      'Karpenter-checkout-auto',
    );
    expect(
      backend.sandbox.writes.filter(w => w.operation === 'UpdateAddon'),
    ).toEqual([]);
    // Auto Mode does the work of these itself
    for (const name of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
    ]) {
      expect(cluster.addons[name]).toBeUndefined();
    }
    expect(result.log).toContainEqual(
      expect.stringMatching(
        /^\[install-addons\] .*Not installing vpc-cni, coredns, kube-proxy, eks-pod-identity-agent: cluster checkout-auto runs EKS Auto Mode/,
      ),
    );
    expect(result.completedSteps).not.toContain('configure-coredns');
    // EKS Auto Mode does not include metrics-server: the template adds the add-on
    expect(cluster.addons['metrics-server']?.status).toBe('ACTIVE');
  }, 60_000);

  it('leaves metrics-server out on Auto Mode when asked to', async () => {
    const result = await backend.run(template, {
      ...values,
      clusterName: 'checkout-auto',
      autoMode: true,
      createSystemNodeGroup: false,
      corednsConfiguration: undefined,
      metricsServerOnAutoMode: false,
    });

    expectCompleted(result);
    const cluster =
      backend.sandbox.snapshot().accounts['000000000000'].regions['eu-west-1']
        .eks.clusters['checkout-auto'];
    expect(cluster.status).toBe('ACTIVE');
    expect(cluster.addons['metrics-server']).toBeUndefined();
  });

  it('creates a production cluster with the support policy, control plane settings and Hybrid Nodes networks chosen in the form', async () => {
    const iam = new IAMClient({
      endpoint: backend.sandbox.url,
      region: 'us-east-1',
      credentials: backend.sandbox.credentials,
    });
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'payments-hybrid-nodes',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ssm.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    const result = await backend.run(template, {
      ...values,
      clusterName: 'payments-prod',
      installKarpenter: false,
      corednsConfiguration: undefined,
      environment: 'production',
      upgradePolicy: 'STANDARD',
      zonalShift: true,
      controlPlaneTier: 'tier-2xl',
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      hybridNodes: true,
      remoteNetwork: {
        nodeCidrs: ['192.168.100.0/24'],
        podCidrs: ['192.168.200.0/24'],
        hybridNodesRoleArn: Role!.Arn!,
      },
    });

    expectCompleted(result);
    const cluster = backend.sandbox.state
      .region('000000000000', 'eu-west-1')
      .eks.clusters.get('payments-prod');
    expect(cluster).toMatchObject({
      status: 'ACTIVE',
      tags: { environment: 'production' },
      upgradePolicy: { supportType: 'STANDARD' },
      // not asked in the form: on because the cluster is production
      deletionProtection: true,
      zonalShiftConfig: { enabled: true },
      controlPlaneScalingConfig: { tier: 'tier-2xl' },
      resourcesVpcConfig: { controlPlaneEgressMode: 'CUSTOMER_ROUTED' },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
        remotePodNetworks: [{ cidrs: ['192.168.200.0/24'] }],
      },
    });
    const createAccessEntries = backend.sandbox.writes
      .filter(w => w.service === 'eks' && w.operation === 'CreateAccessEntry')
      .map(w => w.params as { principalArn: string; type?: string });
    expect(JSON.stringify(result.output.text)).toContain(
      '**Deletion protection:** on: the Delete EKS cluster template turns it off after you type the cluster name',
    );
    expect(createAccessEntries).toContainEqual(
      expect.objectContaining({
        principalArn: Role!.Arn!,
        type: 'HYBRID_LINUX',
      }),
    );
  }, 60_000);

  it('with the form defaults, makes a development cluster on EKS defaults: extended support, no deletion protection, standard tier, egress managed by EKS', async () => {
    const result = await backend.run(template, {
      ...values,
      clusterName: 'payments-dev',
      installKarpenter: false,
      corednsConfiguration: undefined,
      // the form's defaults (deletion protection has none)
      environment: 'development',
      upgradePolicy: 'EXTENDED',
      zonalShift: false,
      controlPlaneTier: 'standard',
      controlPlaneEgressMode: 'AWS_MANAGED',
      hybridNodes: false,
    });
    expectCompleted(result);
    const cluster = backend.sandbox.state
      .region('000000000000', 'eu-west-1')
      .eks.clusters.get('payments-dev');
    expect(cluster).toMatchObject({
      upgradePolicy: { supportType: 'EXTENDED' },
      deletionProtection: false,
      controlPlaneScalingConfig: { tier: 'standard' },
      resourcesVpcConfig: { controlPlaneEgressMode: 'AWS_MANAGED' },
    });
    expect(cluster?.remoteNetworkConfig).toBeUndefined();
    expect(JSON.stringify(result.output.text)).toContain(
      '**Deletion protection:** off',
    );
  }, 60_000);
});
