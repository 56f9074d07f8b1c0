import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListInsightsCommand,
  ResourceInUseException,
  UpdateClusterConfigCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
  type EKSClient,
} from '@aws-sdk/client-eks';
import { eksClient, eventually } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';
import { fetchWithCa, signEksToken } from '../../kubernetes/testing';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-cluster`;
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/demo-node`;
const DAY = 24 * 60 * 60_000;

describe('EKS cluster version updates and rollback', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0005 });
  let privateSubnets: string[];
  let eks: EKSClient;
  beforeEach(async () => {
    await sandbox.reset();
    const ec2 = sandbox.state.region(ACCOUNT, 'eu-west-1').ec2;
    privateSubnets = [...ec2.subnets.values()]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
    eks = eksClient(sandbox);
  });

  const clusterState = (name: string) =>
    sandbox.state.region(ACCOUNT, 'eu-west-1').eks.clusters.get(name)!;

  const nodegroupActive = (name: string) =>
    eventually(async () => {
      const ng = (
        await eks.send(
          new DescribeNodegroupCommand({
            clusterName: 'shop',
            nodegroupName: name,
          }),
        )
      ).nodegroup!;
      return ng.status === 'ACTIVE' && ng;
    });

  /** An ACTIVE cluster with an ACTIVE node group `workers` (2 nodes). */
  async function shop(
    version: string,
    overrides: Record<string, unknown> = {},
    /** null: no node group */
    nodegroup: Record<string, unknown> | null = {},
  ) {
    await eks.send(
      new CreateClusterCommand({
        name: 'shop',
        roleArn: ROLE,
        version,
        resourcesVpcConfig: { subnetIds: privateSubnets },
        accessConfig: { authenticationMode: 'API' },
        ...overrides,
      }),
    );
    await eventually(() => clusterState('shop').status === 'ACTIVE');
    if (nodegroup === null) return;
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'shop',
        nodegroupName: 'workers',
        nodeRole: NODE_ROLE,
        subnets: privateSubnets,
        scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
        ...nodegroup,
      }),
    );
    await nodegroupActive('workers');
  }

  async function toVersion(v: string, extra: Record<string, unknown> = {}) {
    const { update } = await eks.send(
      new UpdateClusterVersionCommand({ name: 'shop', version: v, ...extra }),
    );
    const done = await eventually(async () => {
      const u = (
        await eks.send(
          new DescribeUpdateCommand({ name: 'shop', updateId: update!.id }),
        )
      ).update!;
      return (
        u.status === 'Successful' &&
        clusterState('shop').status === 'ACTIVE' &&
        u
      );
    });
    return done;
  }

  async function nodegroupVersion(v: string) {
    const { update } = await eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'shop',
        nodegroupName: 'workers',
        version: v,
      }),
    );
    await nodegroupActive('workers');
    return update!;
  }

  const kubelets = (name: string) =>
    clusterState(name)
      .kube!.list('v1', 'Node')
      .map(
        n =>
          (n.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo
            .kubeletVersion,
      );

  it('validates force and rollbackConfig.timeoutMinutes (120..10080)', async () => {
    await shop('1.32', {}, null);
    // not an integer: EKS's deserializer refuses it before any rule
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({
          name: 'shop',
          version: '1.33',
          rollbackConfig: { timeoutMinutes: 150.5 },
        }),
      ),
    ).rejects.toMatchObject({ name: 'SerializationException' });
    for (const timeoutMinutes of [60, 10081]) {
      const refused = eks.send(
        new UpdateClusterVersionCommand({
          name: 'shop',
          version: '1.33',
          rollbackConfig: { timeoutMinutes },
        }),
      );
      await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(refused).rejects.toThrow(
        /rollbackConfig\.timeoutMinutes: must be an integer between 120 and 10080/,
      );
    }
    const update = await toVersion('1.33', {
      rollbackConfig: { timeoutMinutes: 120 },
    });
    expect(update.type).toBe('VersionUpdate');
    // DescribeUpdate keeps EKS's shape: no completion time on the wire
    expect(update).not.toHaveProperty('completedAt');
    expect(clusterState('shop').updates[0].completedAt).toBeInstanceOf(Date);
    expect(
      sandbox.writes.find(w => w.operation === 'UpdateClusterVersion')?.params,
    ).toMatchObject({
      version: '1.33',
      rollbackConfig: { timeoutMinutes: 120 },
    });
  });

  it('refuses an upgrade while a managed node group lags, naming it', async () => {
    await shop('1.31');
    await toVersion('1.32');
    const refused = eks.send(
      new UpdateClusterVersionCommand({ name: 'shop', version: '1.33' }),
    );
    await expect(refused).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(refused).rejects.toThrow(
      'Nodegroups must be updated to match the cluster version 1.32 before updating the cluster version: workers (1.31)',
    );
    // force overrides insights, not this
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({
          name: 'shop',
          version: '1.33',
          force: true,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await nodegroupVersion('1.32');
    expect((await toVersion('1.33')).type).toBe('VersionUpdate');
  });

  it('rolls back within 7 days of an in-place upgrade: node groups first, then the control plane; then upgrades again', async () => {
    await shop('1.32');
    // created at 1.32: nothing to roll back
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'shop', version: '1.31' }),
      ),
    ).rejects.toThrow(
      'Cluster shop cannot be rolled back to 1.31: it was not upgraded in place to 1.32',
    );
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'shop', version: '1.30' }),
      ),
    ).rejects.toThrow(/a rollback goes back one minor version only/);
    await toVersion('1.33');
    await nodegroupVersion('1.33');
    expect(kubelets('shop').every(v => v.startsWith('v1.33.'))).toBe(true);

    // the node group runs 1.33: the kubelet skew insight for 1.32 is an ERROR
    const rollbackInsights = async () =>
      (
        await eks.send(
          new ListInsightsCommand({
            clusterName: 'shop',
            filter: { categories: ['ROLLBACK_READINESS'] },
          }),
        )
      ).insights!;
    const skew = (await rollbackInsights()).find(
      i => i.name === 'Kubelet version skew for rollback',
    )!;
    expect(skew).toMatchObject({
      kubernetesVersion: '1.32',
      insightStatus: { status: 'ERROR' },
    });
    const { insight } = await eks.send(
      new DescribeInsightCommand({ clusterName: 'shop', id: skew.id! }),
    );
    expect(insight?.resources?.[0].arn).toMatch(/:nodegroup\/shop\/workers\//);
    const blocked = eks.send(
      new UpdateClusterVersionCommand({ name: 'shop', version: '1.32' }),
    );
    await expect(blocked).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(blocked).rejects.toThrow(
      /Cluster rollback to 1\.32 is blocked by rollback readiness insights with ERROR status: Kubelet version skew for rollback .*workers \(1\.33\)/,
    );

    // the node group goes back first
    const ngUpdate = await nodegroupVersion('1.32');
    expect(ngUpdate.type).toBe('VersionUpdate');
    expect(ngUpdate.params).toEqual([
      { type: 'Version', value: '1.32' },
      { type: 'ReleaseVersion', value: '1.32.9-20251103' },
    ]);
    expect(kubelets('shop').every(v => v.startsWith('v1.32.'))).toBe(true);
    expect(
      (await rollbackInsights()).map(i => [i.name, i.insightStatus?.status]),
    ).toEqual([
      ['Amazon EKS add-on version compatibility for rollback', 'PASSING'],
      ['Kubelet version skew for rollback', 'PASSING'],
      ['kube-proxy version skew for rollback', 'PASSING'],
      ['Cluster health for rollback', 'PASSING'],
    ]);

    const rollback = await toVersion('1.32', {
      rollbackConfig: { timeoutMinutes: 720 },
    });
    expect(rollback.type).toBe('VersionRollback');
    expect(rollback.params).toEqual([
      { type: 'Version', value: '1.32' },
      { type: 'PlatformVersion', value: 'eks.23' },
    ]);
    expect(clusterState('shop')).toMatchObject({
      version: '1.32',
      platformVersion: 'eks.23',
    });
    expect(clusterState('shop').kube!.kubernetesVersion).toBe('1.32');
    // no window after a rollback: no readiness to roll back, no second rollback
    expect(await rollbackInsights()).toEqual([]);
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'shop', version: '1.31' }),
      ),
    ).rejects.toThrow(/it was not upgraded in place to 1\.32/);
    // upgrading again opens a new window
    await toVersion('1.33');
    expect(await rollbackInsights()).toHaveLength(4);
    expect(sandbox.ageCluster('shop', 7 * DAY + 60_000)).toBe(true);
    expect(await rollbackInsights()).toEqual([]);
    const closed = eks.send(
      new UpdateClusterVersionCommand({
        name: 'shop',
        version: '1.32',
        force: true,
      }),
    );
    await expect(closed).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(closed).rejects.toThrow(/the rollback window closed at /);
    // nor may node groups go back once the window closed
    await nodegroupVersion('1.33');
    await expect(
      eks.send(
        new UpdateNodegroupVersionCommand({
          clusterName: 'shop',
          nodegroupName: 'workers',
          version: '1.32',
        }),
      ),
    ).rejects.toThrow(
      "version: 1.32 must match the cluster version 1.33 (a node group goes back to 1.32 only while the cluster's rollback window is open)",
    );
  });

  it('refuses a rollback to a version in extended support under a STANDARD upgrade policy, even with force, and while an update runs', async () => {
    await shop('1.32', { upgradePolicy: { supportType: 'STANDARD' } }, null);
    await toVersion('1.33');
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({
          name: 'shop',
          version: '1.32',
          force: true,
        }),
      ),
    ).rejects.toThrow(
      "Cluster shop cannot be rolled back to 1.32: 1.32 is in extended support and the cluster's upgradePolicy.supportType is STANDARD; set it to EXTENDED first",
    );
    await eks.send(
      new UpdateClusterConfigCommand({
        name: 'shop',
        upgradePolicy: { supportType: 'EXTENDED' },
      }),
    );
    await expect(
      eks.send(
        new UpdateClusterVersionCommand({ name: 'shop', version: '1.32' }),
      ),
    ).rejects.toBeInstanceOf(ResourceInUseException);
    await eventually(() => clusterState('shop').status === 'ACTIVE');
    expect((await toVersion('1.32')).type).toBe('VersionRollback');
  });

  it('refuses Amazon Linux 2 AMI types from Kubernetes 1.33 on; node groups get the AMI release of their type', async () => {
    await shop('1.32', {}, { amiType: 'AL2_x86_64' });
    expect(
      (
        await eks.send(
          new DescribeNodegroupCommand({
            clusterName: 'shop',
            nodegroupName: 'workers',
          }),
        )
      ).nodegroup?.releaseVersion,
    ).toBe('1.32.9-20251103');
    await toVersion('1.33');
    const refused = eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'shop',
        nodegroupName: 'workers',
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(refused).rejects.toThrow(
      /amiType: Requested AMI for this version 1\.33 is not supported/,
    );
    await expect(
      eks.send(
        new CreateNodegroupCommand({
          clusterName: 'shop',
          nodegroupName: 'al2',
          nodeRole: NODE_ROLE,
          subnets: privateSubnets,
          amiType: 'AL2_ARM_64',
        }),
      ),
    ).rejects.toThrow(/Requested AMI for this version 1\.33 is not supported/);
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: 'shop',
        nodegroupName: 'bottlerocket',
        nodeRole: NODE_ROLE,
        subnets: privateSubnets,
        amiType: 'BOTTLEROCKET_x86_64',
      }),
    );
    expect((await nodegroupActive('bottlerocket')).releaseVersion).toBe(
      '1.50.0-a7b1e7c5',
    );
  });

  it('replaces nodes in batches of updateConfig.maxUnavailable, each new node before the old one goes', async () => {
    await shop(
      '1.32',
      {},
      {
        scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 3 },
        updateConfig: { maxUnavailable: 1 },
      },
    );
    await toVersion('1.33');
    const changes: string[] = [];
    clusterState('shop').kube!.onChange(c => {
      if (c.object.kind === 'Node' && c.type !== 'MODIFIED') {
        const v = (
          c.object.status as { nodeInfo: { kubeletVersion: string } }
        ).nodeInfo.kubeletVersion.slice(0, 5);
        changes.push(`${c.type} ${v}`);
      }
    });
    await nodegroupVersion('1.33');
    expect(changes).toEqual([
      'ADDED v1.33',
      'DELETED v1.32',
      'ADDED v1.33',
      'DELETED v1.32',
      'ADDED v1.33',
      'DELETED v1.32',
    ]);
  });

  it('reports deprecated API use until 30 days without it; the upgrade that removes the API stops unless forced', async () => {
    await shop('1.31', {}, null);
    const endpoint = sandbox.clusterEndpoint('shop')!;
    const get = (path: string, userAgent = 'kubectl/v1.31.0 (linux/amd64)') =>
      fetchWithCa(sandbox.certificateAuthority)(`${endpoint}${path}`, {
        headers: {
          authorization: `Bearer ${signEksToken({ clusterName: 'shop' })}`,
          'user-agent': userAgent,
        },
      });
    const deprecated = async () => {
      const { insights } = await eks.send(
        new ListInsightsCommand({ clusterName: 'shop' }),
      );
      const summary = insights!.find(
        i => i.name === 'Deprecated APIs removed in Kubernetes v1.32',
      )!;
      return (
        await eks.send(
          new DescribeInsightCommand({ clusterName: 'shop', id: summary.id! }),
        )
      ).insight!;
    };
    expect((await deprecated()).insightStatus?.status).toBe('PASSING');
    // the replacement (v1) is no deprecated use
    expect(
      (await get('/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas')).status,
    ).toBe(200);
    expect((await deprecated()).insightStatus?.status).toBe('PASSING');
    const list = await get(
      '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
    );
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ kind: 'FlowSchemaList' });
    await get('/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas');
    const insight = await deprecated();
    expect(insight.insightStatus?.status).toBe('ERROR');
    expect(insight.resources).toEqual([
      expect.objectContaining({
        kubernetesResourceUri:
          '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
        insightStatus: expect.objectContaining({ status: 'ERROR' }),
      }),
    ]);
    expect(insight.categorySpecificSummary?.deprecationDetails).toEqual([
      {
        usage: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
        replacedWith: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
        stopServingVersion: '1.32',
        startServingReplacementVersion: '1.29',
        clientStats: [
          {
            userAgent: 'kubectl/v1.31.0 (linux/amd64)',
            numberOfRequestsLast30Days: 2,
            lastRequestTime: expect.any(Date),
          },
        ],
      },
    ]);
    const blocked = eks.send(
      new UpdateClusterVersionCommand({ name: 'shop', version: '1.32' }),
    );
    await expect(blocked).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(blocked).rejects.toThrow(
      /blocked by upgrade readiness insights with ERROR status: Deprecated APIs removed in Kubernetes v1\.32 .*flowcontrol\.apiserver\.k8s\.io\/v1beta3\/flowschemas/,
    );
    // 30 days without use: it clears
    sandbox.ageCluster('shop', 29 * DAY);
    expect((await deprecated()).insightStatus?.status).toBe('ERROR');
    sandbox.ageCluster('shop', 2 * DAY);
    expect((await deprecated()).insightStatus?.status).toBe('PASSING');
    await get('/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas');
    expect((await toVersion('1.32', { force: true })).type).toBe(
      'VersionUpdate',
    );
    // 1.32 no longer serves v1beta3, and a request to it counts for nothing
    expect(
      (await get('/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas'))
        .status,
    ).toBe(404);
    const group = await (
      await get('/apis/flowcontrol.apiserver.k8s.io')
    ).json();
    expect(group.versions.map((v: { version: string }) => v.version)).toEqual([
      'v1',
    ]);
  });

  it("replaces demo's Karpenter nodes (al2023@latest) through drift once the control plane is upgraded", async () => {
    const karpenterKubelets = () =>
      clusterState('demo')
        .kube!.list('v1', 'Node')
        .filter(n => n.metadata.labels?.['karpenter.sh/nodepool'])
        .map(
          n =>
            (n.status as { nodeInfo: { kubeletVersion: string } }).nodeInfo
              .kubeletVersion,
        );
    // pods only Karpenter's NodePool may run: it launches nodes for them
    clusterState('demo').kube!.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'batch', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'batch' } },
        template: {
          metadata: { labels: { app: 'batch' } },
          spec: {
            nodeSelector: { 'karpenter.sh/nodepool': 'default' },
            containers: [
              {
                name: 'work',
                image: 'busybox:1.37',
                resources: { requests: { cpu: '500m', memory: '256Mi' } },
              },
            ],
          },
        },
      },
    });
    const before = await eventually(
      () => karpenterKubelets().length > 0 && karpenterKubelets(),
      30_000,
    );
    expect(before.every(v => v.startsWith('v1.33.'))).toBe(true);
    await eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    await eventually(() => clusterState('demo').version === '1.34');
    const after = karpenterKubelets();
    expect(after).toHaveLength(before.length);
    expect(after.every(v => v.startsWith('v1.34.'))).toBe(true);
    const batch = clusterState('demo')
      .kube!.list('v1', 'Pod', 'default')
      .filter(p => p.metadata.labels?.app === 'batch');
    expect(batch).toHaveLength(2);
    expect(
      batch.every(p => (p.status as { phase: string }).phase === 'Running'),
    ).toBe(true);
    // the managed node group waits for UpdateNodegroupVersion
    expect(
      kubelets('demo').filter(v => v.startsWith('v1.33.')).length,
    ).toBeGreaterThan(0);
  });
});
