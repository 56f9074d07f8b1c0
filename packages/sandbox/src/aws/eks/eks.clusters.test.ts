import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListClustersCommand,
  ListNodegroupsCommand,
  BadRequestException,
  ListTagsForResourceCommand,
  NotFoundException,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterConfigCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  UpdateClusterVersionCommand,
  ListInsightsCommand,
  waitUntilClusterActive,
  waitUntilClusterDeleted,
  waitUntilNodegroupActive,
  waitUntilNodegroupDeleted,
} from '@aws-sdk/client-eks';
import { eksClient, eventually, fastWaiter } from '../../__testUtils__/clients';
import { addLaunchTemplate } from '../ec2/launchTemplates';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-cluster`;
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-node`;

describe('EKS clusters and node groups', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0005 });
  let privateSubnets: string[];
  beforeEach(async () => {
    await sandbox.reset();
    const ec2 = sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
    privateSubnets = [...ec2.subnets.values()]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
  });

  const create = (overrides: Record<string, unknown> = {}) =>
    eksClient(sandbox).send(
      new CreateClusterCommand({
        name: 'shop',
        roleArn: ROLE,
        resourcesVpcConfig: { subnetIds: privateSubnets },
        accessConfig: { authenticationMode: 'API' },
        ...overrides,
      }),
    );

  it('creates a cluster that goes from CREATING to ACTIVE, with an endpoint and OIDC issuer', async () => {
    const eks = eksClient(sandbox);
    const { cluster } = await create({
      version: '1.34',
      tags: { team: 'shop' },
    });
    expect(cluster?.status).toBe('CREATING');
    expect(cluster?.endpoint).toBeUndefined();
    expect(cluster?.arn).toBe(`arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/shop`);
    const result = await waitUntilClusterActive(fastWaiter(eks), {
      name: 'shop',
    });
    expect(result.state).toBe('SUCCESS');
    const { cluster: active } = await eks.send(
      new DescribeClusterCommand({ name: 'shop' }),
    );
    // the root of its own listener, as an EKS endpoint is a host's root
    expect(active?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(active?.endpoint).not.toBe(sandbox.kubernetesUrl);
    expect(active?.endpoint).toBe(sandbox.clusterEndpoint('shop'));
    expect(active?.identity?.oidc?.issuer).toMatch(
      /^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
    );
    expect(
      Buffer.from(active!.certificateAuthority!.data!, 'base64').toString(),
    ).toContain('BEGIN CERTIFICATE');
    expect(active?.createdAt).toBeInstanceOf(Date);
    expect(active?.tags).toEqual({ team: 'shop' });
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
      'demo',
      'shop',
    ]);
    expect(
      sandbox.snapshot().accounts[ACCOUNT].regions['eu-west-1'].eks.clusters
        .shop.kubernetes?.['v1/Namespace'],
    ).toContain('kube-system');
  });

  it('validates like EKS: name, role, subnets, version, duplicates', async () => {
    await expect(create({ name: '-bad' })).rejects.toThrow(
      'The parameter name contains invalid characters. It should conform to the regular expression "^[0-9A-Za-z][A-Za-z0-9-_]*"',
    );
    await expect(create({ name: '-bad' })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(
      create({ roleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }),
    ).rejects.toThrow(
      `Role with arn: arn:aws:iam::${ACCOUNT}:role/missing, could not be assumed because it does not exist or the trusted entity is not correct`,
    );
    await expect(
      create({ resourcesVpcConfig: { subnetIds: [privateSubnets[0]] } }),
    ).rejects.toThrow(/at least two different AZs/);
    await expect(
      create({
        resourcesVpcConfig: {
          subnetIds: ['subnet-00000000000000000', privateSubnets[1]],
        },
      }),
    ).rejects.toThrow(/subnet subnet-0+ does not exist/);
    await expect(create({ version: '1.20' })).rejects.toThrow(
      /unsupported Kubernetes version 1.20; supported: 1.30, 1.31, 1.32, 1.33, 1.34/,
    );
    await expect(create({ name: 'demo' })).rejects.toBeInstanceOf(
      ResourceInUseException,
    );
    await expect(
      eksClient(sandbox).send(new DescribeClusterCommand({ name: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('creates Auto Mode clusters only when compute, storage and load balancing agree', async () => {
    await expect(
      create({
        computeConfig: {
          enabled: true,
          nodePools: ['general-purpose'],
          nodeRoleArn: NODE_ROLE,
        },
      }),
    ).rejects.toThrow(/ALL set to either true or false/);
    const { cluster } = await create({
      computeConfig: {
        enabled: true,
        nodePools: ['general-purpose', 'system'],
        nodeRoleArn: NODE_ROLE,
      },
      storageConfig: { blockStorage: { enabled: true } },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    });
    expect(cluster?.computeConfig).toEqual({
      enabled: true,
      nodePools: ['general-purpose', 'system'],
      nodeRoleArn: NODE_ROLE,
    });
    expect(cluster?.storageConfig).toEqual({ blockStorage: { enabled: true } });
    expect(cluster?.kubernetesNetworkConfig?.elasticLoadBalancing).toEqual({
      enabled: true,
    });
  });

  it("puts Auto Mode's NodePools and NodeClass in the cluster and follows computeConfig.nodePools", async () => {
    const eks = eksClient(sandbox);
    await create({
      computeConfig: {
        enabled: true,
        nodePools: ['general-purpose', 'system'],
        nodeRoleArn: NODE_ROLE,
      },
      storageConfig: { blockStorage: { enabled: true } },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    });
    await waitUntilClusterActive(fastWaiter(eks), { name: 'shop' });
    const kube = () =>
      sandbox.state.region(ACCOUNT, 'eu-west-1').eks.clusters.get('shop')!
        .kube!;
    const poolNames = () =>
      kube()
        .list('karpenter.sh/v1', 'NodePool')
        .map(p => p.metadata.name);
    expect(poolNames()).toEqual(['general-purpose', 'system']);
    const system = kube().get(
      'karpenter.sh/v1',
      'NodePool',
      undefined,
      'system',
    )!;
    expect((system.spec as any).template.spec).toMatchObject({
      nodeClassRef: {
        group: 'eks.amazonaws.com',
        kind: 'NodeClass',
        name: 'default',
      },
      taints: [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }],
    });
    expect(
      kube().get('eks.amazonaws.com/v1', 'NodeClass', undefined, 'default')
        ?.spec,
    ).toMatchObject({ role: 'demo-node' });

    // taking a built-in NodePool out of computeConfig deletes it
    await eks.send(
      new UpdateClusterConfigCommand({
        name: 'shop',
        computeConfig: {
          enabled: true,
          nodePools: ['system'],
          nodeRoleArn: NODE_ROLE,
        },
        storageConfig: { blockStorage: { enabled: true } },
        kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      }),
    );
    const after = await eventually(() => {
      const names = poolNames();
      return names.includes('general-purpose') ? undefined : names;
    });
    expect(after).toEqual(['system']);
  });

  it('updates the access config one way only and reports the update', async () => {
    const eks = eksClient(sandbox);
    await create({ accessConfig: { authenticationMode: 'CONFIG_MAP' } });
    await expect(
      eks.send(
        new UpdateClusterConfigCommand({
          name: 'shop',
          accessConfig: { authenticationMode: 'API' },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    await waitUntilClusterActive(fastWaiter(eks), { name: 'shop' });
    const { update } = await eks.send(
      new UpdateClusterConfigCommand({
        name: 'shop',
        accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      }),
    );
    expect(update).toMatchObject({
      type: 'AccessConfigUpdate',
      status: 'InProgress',
      params: [{ type: 'AuthenticationMode', value: 'API_AND_CONFIG_MAP' }],
    });
    const done = await eventually(async () => {
      const u = (
        await eks.send(
          new DescribeUpdateCommand({ name: 'shop', updateId: update!.id! }),
        )
      ).update;
      return u?.status === 'Successful' ? u : undefined;
    });
    expect(done.id).toBe(update?.id);
    await waitUntilClusterActive(fastWaiter(eks), { name: 'shop' });
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'shop' }),
    );
    expect(cluster?.accessConfig?.authenticationMode).toBe(
      'API_AND_CONFIG_MAP',
    );
    await expect(
      eks.send(
        new UpdateClusterConfigCommand({
          name: 'shop',
          accessConfig: { authenticationMode: 'CONFIG_MAP' },
        }),
      ),
    ).rejects.toThrow(
      /can only move from CONFIG_MAP to API_AND_CONFIG_MAP to API/,
    );
    await expect(
      eks.send(
        new UpdateClusterConfigCommand({
          name: 'shop',
          upgradePolicy: { supportType: 'STANDARD' },
          accessConfig: { authenticationMode: 'API' },
        }),
      ),
    ).rejects.toThrow(/Only one type of update/);
  });

  it('tags and untags clusters', async () => {
    const eks = eksClient(sandbox);
    const arn = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/demo`;
    await eks.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: { owner: 'platform', cost: 'shared' },
      }),
    );
    await eks.send(
      new UntagResourceCommand({ resourceArn: arn, tagKeys: ['cost'] }),
    );
    const { tags } = await eks.send(
      new ListTagsForResourceCommand({ resourceArn: arn }),
    );
    expect(tags).toEqual({
      'karpenter.sh/discovery': 'demo',
      environment: 'demo',
      owner: 'platform',
    });
    await expect(
      eks.send(
        new ListTagsForResourceCommand({
          resourceArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
    // the tagging operations' own 400, not InvalidParameterException
    await expect(
      eks.send(
        new TagResourceCommand({ resourceArn: arn, tags: { 'aws:team': 'x' } }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  it('runs a node group with a launch template: instances with its metadata options and Kubernetes nodes', async () => {
    const eks = eksClient(sandbox);
    const regional = sandbox.state.region(ACCOUNT, 'eu-west-1');
    const template = addLaunchTemplate(regional.ec2, {
      name: 'imds-hop-1',
      data: {
        metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
        securityGroupIds: [],
        tagSpecifications: [],
      },
    });
    const { nodegroup } = await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'apps',
        nodeRole: NODE_ROLE,
        subnets: privateSubnets,
        instanceTypes: ['m5.large'],
        scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 3 },
        launchTemplate: { id: template.launchTemplateId },
        capacityType: 'SPOT',
        labels: { workload: 'apps' },
      }),
    );
    expect(nodegroup?.status).toBe('CREATING');
    expect(nodegroup?.launchTemplate).toEqual({
      id: template.launchTemplateId,
      name: 'imds-hop-1',
      version: '1',
    });
    await waitUntilNodegroupActive(fastWaiter(eks), {
      clusterName: 'demo',
      nodegroupName: 'apps',
    });
    const instances = [...regional.ec2.instances.values()].filter(
      i => i.tags['eks:nodegroup-name'] === 'apps',
    );
    expect(instances).toHaveLength(3);
    expect(new Set(instances.map(i => i.availabilityZone)).size).toBe(3);
    expect(
      instances.every(i => i.metadataOptions.httpPutResponseHopLimit === 1),
    ).toBe(true);
    const kube = regional.eks.clusters.get('demo')!.kube!;
    const nodes = kube
      .list('v1', 'Node')
      .filter(
        n => n.metadata.labels?.['eks.amazonaws.com/nodegroup'] === 'apps',
      );
    expect(nodes).toHaveLength(3);
    expect(nodes[0].metadata.labels).toMatchObject({
      'karpenter.sh/capacity-type': 'spot',
      'node.kubernetes.io/instance-type': 'm5.large',
      'kubernetes.io/os': 'linux',
      workload: 'apps',
    });
    expect(
      nodes.map(n => n.metadata.labels?.['topology.kubernetes.io/zone']).sort(),
    ).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);

    const { update } = await eks.send(
      new UpdateNodegroupConfigCommand({
        clusterName: 'demo',
        nodegroupName: 'apps',
        scalingConfig: { desiredSize: 1 },
      }),
    );
    expect(update?.type).toBe('ConfigUpdate');
    await eventually(async () => {
      const ng = (
        await eks.send(
          new DescribeNodegroupCommand({
            clusterName: 'demo',
            nodegroupName: 'apps',
          }),
        )
      ).nodegroup;
      return ng?.status === 'ACTIVE' && ng.scalingConfig?.desiredSize === 1
        ? ng
        : undefined;
    });
    expect(
      kube
        .list('v1', 'Node')
        .filter(
          n => n.metadata.labels?.['eks.amazonaws.com/nodegroup'] === 'apps',
        ),
    ).toHaveLength(1);
    expect(
      (
        await eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))
      ).nodegroups?.sort(),
    ).toEqual(['apps', 'system']);
  });

  it('validates node groups', async () => {
    const eks = eksClient(sandbox);
    const base = {
      clusterName: 'demo',
      nodegroupName: 'x',
      nodeRole: NODE_ROLE,
      subnets: privateSubnets,
    };
    await expect(
      eks.send(
        new CreateNodegroupCommand({ ...base, nodegroupName: 'system' }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(
      eks.send(
        new CreateNodegroupCommand({
          ...base,
          nodeRole: `arn:aws:iam::${ACCOUNT}:role/nope`,
        }),
      ),
    ).rejects.toThrow(/nodeRole: Role with arn/);
    await expect(
      eks.send(
        new CreateNodegroupCommand({
          ...base,
          scalingConfig: { minSize: 3, maxSize: 2, desiredSize: 2 },
        }),
      ),
    ).rejects.toThrow(/minSize can not be greater than maxSize/);
    await expect(
      eks.send(
        new CreateNodegroupCommand({
          ...base,
          launchTemplate: { name: 'nope' },
        }),
      ),
    ).rejects.toThrow(/launch template nope does not exist/);
    await create();
    await expect(
      eks.send(new CreateNodegroupCommand({ ...base, clusterName: 'shop' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
  });

  it('refuses to delete a cluster with node groups, then deletes it after they are gone', async () => {
    const eks = eksClient(sandbox);
    await expect(
      eks.send(new DeleteClusterCommand({ name: 'demo' })),
    ).rejects.toThrow(/Cluster has nodegroups attached: system/);
    await expect(
      eks.send(new DeleteClusterCommand({ name: 'demo' })),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    const { nodegroup } = await eks.send(
      new DeleteNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    );
    expect(nodegroup?.status).toBe('DELETING');
    await waitUntilNodegroupDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      nodegroupName: 'system',
    });
    const regional = sandbox.state.region(ACCOUNT, 'eu-west-1');
    expect(
      [...regional.ec2.instances.values()]
        .filter(i => i.tags['eks:nodegroup-name'] === 'system')
        .every(i => i.state === 'terminated'),
    ).toBe(true);
    expect(
      regional.eks.clusters
        .get('demo')!
        .kube!.list('v1', 'Node')
        .filter(n => n.metadata.labels?.['eks.amazonaws.com/nodegroup']),
    ).toHaveLength(0);
    const { cluster } = await eks.send(
      new DeleteClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.status).toBe('DELETING');
    await waitUntilClusterDeleted(fastWaiter(eks), { name: 'demo' });
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([]);
  });

  it('describes the Kubernetes versions EKS offers', async () => {
    const { clusterVersions } = await eksClient(sandbox).send(
      new DescribeClusterVersionsCommand({}),
    );
    expect(clusterVersions?.map(v => v.clusterVersion)).toEqual([
      '1.34',
      '1.33',
      '1.32',
      '1.31',
      '1.30',
    ]);
    expect(
      clusterVersions?.filter(v => v.defaultVersion).map(v => v.clusterVersion),
    ).toEqual(['1.33']);
    expect(clusterVersions?.[0].endOfStandardSupportDate).toBeInstanceOf(Date);
  });

  it('upgrades the control plane one minor at a time, then node groups, and the insights follow', async () => {
    const eks = eksClient(sandbox);
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'demo', version: '1.35' }),
      ),
    ).rejects.toThrow(/upgrade one minor version at a time \(next: 1.34\)/);
    // the seeded coredns build does not run on 1.34: its insight is an ERROR
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'demo', version: '1.34' }),
      ),
    ).rejects.toThrow(
      /blocked by upgrade readiness insights with ERROR status: Amazon EKS add-on version compatibility .*coredns/,
    );
    const { update } = await eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    expect(update?.type).toBe('VersionUpdate');
    await eventually(async () => {
      const c = (await eks.send(new DescribeClusterCommand({ name: 'demo' })))
        .cluster;
      return c?.status === 'ACTIVE' && c.version === '1.34' ? c : undefined;
    });
    const skew = async () =>
      (
        await eks.send(new ListInsightsCommand({ clusterName: 'demo' }))
      ).insights?.find(i => i.name === 'Kubelet version skew')?.insightStatus
        ?.status;
    expect(await skew()).toBe('WARNING');
    await eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    );
    const ng = await eventually(async () => {
      const n = (
        await eks.send(
          new DescribeNodegroupCommand({
            clusterName: 'demo',
            nodegroupName: 'system',
          }),
        )
      ).nodegroup;
      return n?.status === 'ACTIVE' && n.version === '1.34' ? n : undefined;
    });
    expect(ng.releaseVersion).toMatch(/^1\.34\./);
    expect(await skew()).toBe('PASSING');
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    const kubelets = kube
      .list('v1', 'Node')
      .filter(
        n => n.metadata.labels?.['eks.amazonaws.com/nodegroup'] === 'system',
      )
      .map(
        n =>
          (n.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo
            .kubeletVersion,
      );
    expect(kubelets).toHaveLength(3);
    expect(kubelets.every(v => v.startsWith('v1.34.'))).toBe(true);
  });
});
