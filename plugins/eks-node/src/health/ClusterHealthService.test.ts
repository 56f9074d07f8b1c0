import {
  CreateAddonCommand,
  CreateClusterCommand,
  DescribeClusterCommand,
  paginateDescribeAddonVersions,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { answeredCalls } from './__testUtils__/sandboxContext';
import { ClusterHealthService } from './ClusterHealthService';

const demo = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};

/** AWS calls the sandbox answered, as `service Operation`, from its request log. */
function awsCalls(lines: string[]): string[] {
  return answeredCalls(lines).filter(call => !call.startsWith('kubernetes '));
}

describe('ClusterHealthService against the sandbox', () => {
  let sandbox: Sandbox;
  const log: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: line => log.push(line) });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    log.length = 0;
  });

  function service(
    opts: {
      maxAttempts?: number;
      awsTimeoutMs?: number;
      kubernetesTimeoutMs?: number;
      addonVersionsTtlMs?: number;
      clusterVersionsTtlMs?: number;
    } = {},
  ) {
    const awsClients = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: {
          endpoint: sandbox.url,
          sandbox: { enabled: true },
          retry: { maxAttempts: opts.maxAttempts ?? 8 },
        },
      }),
    );
    return new ClusterHealthService({
      awsClients,
      awsTimeoutMs: opts.awsTimeoutMs,
      kubernetesTimeoutMs: opts.kubernetesTimeoutMs,
      addonVersionsTtlMs: opts.addonVersionsTtlMs,
      clusterVersionsTtlMs: opts.clusterVersionsTtlMs,
    });
  }

  it('describes the seeded demo cluster', async () => {
    const health = await service().getClusterHealth(demo);
    expect(health.cluster.data).toMatchObject({
      name: 'demo',
      status: 'ACTIVE',
      version: '1.33',
      authenticationMode: 'API',
      autoMode: false,
      consoleUrl: expect.stringContaining(
        '/eks/clusters/demo?region=eu-west-1',
      ),
    });
    expect(health.cluster.data?.upgradeAvailable).toMatch(/^1\.3[4-9]$/);
    expect(health.nodeGroups.data?.map(ng => ng.name)).toEqual(['system']);
    expect(health.nodes.data?.total).toBe(3);
    expect(health.podIdentityAssociations.data?.length).toBeGreaterThan(0);
    expect(health.addons.data?.map(a => a.name).sort()).toEqual([
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
  });

  it("states the cluster's support policy, deletion protection, zonal shift, control plane tier and egress, and Hybrid Nodes networks", async () => {
    const cluster = sandbox.state
      .region(sandbox.accountId, 'eu-west-1')
      .eks.clusters.get('demo')!;
    cluster.upgradePolicy = { supportType: 'STANDARD' };
    cluster.deletionProtection = true;
    cluster.zonalShiftConfig = { enabled: true };
    cluster.controlPlaneScalingConfig = { tier: 'tier-4xl' };
    cluster.resourcesVpcConfig.controlPlaneEgressMode = 'CUSTOMER_ISOLATED';
    cluster.remoteNetworkConfig = {
      remoteNodeNetworks: [{ cidrs: ['192.168.100.0/24'] }],
      remotePodNetworks: [],
    };
    const health = await service().getClusterHealth(demo);
    expect(health.cluster.data).toMatchObject({
      supportType: 'STANDARD',
      deletionProtection: true,
      zonalShift: true,
      controlPlaneTier: 'tier-4xl',
      controlPlaneEgressMode: 'CUSTOMER_ISOLATED',
      remoteNetworks: { nodeCidrs: ['192.168.100.0/24'], podCidrs: [] },
    });
  });

  it('reports the degraded add-on with its issue code, remedy and diagnostic', async () => {
    const health = await service().getClusterHealth(demo);
    const ebs = health.addons.data?.find(a => a.name === 'aws-ebs-csi-driver');
    expect(ebs?.status).toBe('DEGRADED');
    expect(ebs?.health[0]).toMatchObject({
      code: expect.any(String),
      remedy: expect.any(String),
    });
    expect(ebs?.defaultVersion).toEqual(expect.stringMatching(/^v\d/));
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'addon-degraded',
        resources: expect.arrayContaining(['addon/aws-ebs-csi-driver']),
      }),
    );
  });

  it('describes every add-on of a 60-add-on cluster at once (two rounds, not one per ten)', async () => {
    const aws = await AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    ).forTarget(demo);
    // the demo cluster has 5 add-ons: 55 more make 60
    const installed = new Set([
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
      'aws-ebs-csi-driver',
    ]);
    const names: string[] = [];
    for await (const page of paginateDescribeAddonVersions(
      { client: aws.eks },
      { kubernetesVersion: '1.33' },
    )) {
      names.push(...(page.addons ?? []).map(a => a.addonName!));
    }
    const extra = names.filter(n => !installed.has(n));
    await Promise.all(
      extra
        .slice(0, 55)
        .map(addonName =>
          aws.eks.send(
            new CreateAddonCommand({ clusterName: 'demo', addonName }),
          ),
        ),
    );
    log.length = 0;
    sandbox.faults.set({
      service: 'eks',
      operation: 'DescribeAddon',
      latencyMs: 300,
    });
    const health = await service().getClusterHealth(demo);
    expect(health.addons.data).toHaveLength(60);
    // each log line ends with the request's duration; its start is then known
    const describes = log
      .filter(line => line.includes(' eks DescribeAddon '))
      .map(line => {
        const end = Date.parse(line.split(' ')[0]);
        const ms = Number(/(\d+)ms$/.exec(line)![1]);
        return { start: end - ms, end };
      });
    expect(describes).toHaveLength(60);
    // The most describes in flight at one instant: all 60 on an idle
    // machine; a loaded one may start the last few after the first answer,
    // but one request per ten add-ons, or ten at a time, never passes 10.
    const events = describes
      .flatMap(d => [
        { at: d.start, delta: 1 },
        { at: d.end, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let inFlight = 0;
    let mostInFlight = 0;
    for (const e of events) {
      inFlight += e.delta;
      mostInFlight = Math.max(mostInFlight, inFlight);
    }
    expect(mostInFlight).toBeGreaterThan(40);
  }, 60_000);

  it('asks DescribeAddonVersions once and describes each add-on once', async () => {
    await service().getClusterHealth(demo);
    const calls = awsCalls(log);
    expect(calls.filter(c => c === 'eks DescribeAddonVersions')).toHaveLength(
      1,
    );
    expect(calls.filter(c => c === 'eks DescribeAddon')).toHaveLength(5);
    expect(calls.filter(c => c === 'eks DescribeCluster')).toHaveLength(1);
    // the seeded associations belong to cluster controllers: no IAM reads
    // for the MSK check; the Karpenter controller's role (one inline
    // policy) is read for the policy its version needs
    expect(calls.filter(c => c.startsWith('iam ')).sort()).toEqual([
      'iam GetRolePolicy',
      'iam ListAttachedRolePolicies',
      'iam ListRolePolicies',
    ]);
  });

  describe('add-on versions kept per region and Kubernetes version', () => {
    async function createCluster(name: string, version: string) {
      const aws = await AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ).forTarget(demo);
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      const previousFactor = sandbox.latencyFactor;
      sandbox.latencyFactor = 0.001;
      try {
        await aws.eks.send(
          new CreateClusterCommand({
            name,
            version,
            roleArn: cluster!.roleArn,
            resourcesVpcConfig: {
              subnetIds: cluster!.resourcesVpcConfig!.subnetIds,
            },
            accessConfig: {
              authenticationMode: 'API',
              bootstrapClusterCreatorAdminPermissions: true,
            },
          }),
        );
        await waitUntilClusterActive(
          { client: aws.eks, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.1 },
          { name },
        );
      } finally {
        sandbox.latencyFactor = previousFactor;
      }
    }

    const describeAddonVersionsCalls = () =>
      awsCalls(log).filter(c => c === 'eks DescribeAddonVersions').length;
    const describeClusterVersionsCalls = () =>
      awsCalls(log).filter(c => c === 'eks DescribeClusterVersions').length;

    it('a second view of a cluster of the same account, region and version makes no DescribeAddonVersions or DescribeClusterVersions call', async () => {
      await createCluster('same-version', '1.33');
      await createCluster('newer', '1.34');
      const health = service();
      log.length = 0;
      const first = await health.getClusterHealth(demo);
      expect(describeAddonVersionsCalls()).toBe(1);
      expect(describeClusterVersionsCalls()).toBe(1);
      log.length = 0;
      const second = await health.getClusterHealth({
        ...demo,
        clusterName: 'same-version',
      });
      expect(second.cluster.data?.version).toBe('1.33');
      expect(describeAddonVersionsCalls()).toBe(0);
      expect(describeClusterVersionsCalls()).toBe(0);
      // another Kubernetes version: its add-on versions are asked for, the
      // versions EKS offers in the region are not
      log.length = 0;
      const newer = await health.getClusterHealth({
        ...demo,
        clusterName: 'newer',
      });
      expect(describeAddonVersionsCalls()).toBe(1);
      expect(describeClusterVersionsCalls()).toBe(0);
      expect(newer.upgrade.data?.support.endOfStandardSupport).toBeDefined();
      // the demo cluster viewed again: no call either, same versions shown
      log.length = 0;
      const again = await health.getClusterHealth(demo);
      expect(describeAddonVersionsCalls()).toBe(0);
      expect(describeClusterVersionsCalls()).toBe(0);
      expect(again.upgrade.data?.support).toEqual(first.upgrade.data?.support);
      const versions = (doc: typeof first) =>
        doc.addons.data?.map(a => [a.name, a.newerVersion, a.defaultVersion]);
      expect(versions(again)).toEqual(versions(first));
      expect(first.addons.data?.some(a => a.defaultVersion)).toBe(true);
    }, 30_000);

    it('asks again for another Kubernetes version, after a failed call, and on every view with a TTL of 0', async () => {
      await createCluster('older', '1.32');
      const health = service({ maxAttempts: 1 });
      sandbox.faults.set({
        service: 'eks',
        operation: 'DescribeAddonVersions',
        serverErrorRate: 1,
        count: 1,
      });
      await health.getClusterHealth(demo);
      log.length = 0;
      const demoView = await health.getClusterHealth(demo);
      expect(describeAddonVersionsCalls()).toBe(1);
      expect(demoView.addons.data?.some(a => a.defaultVersion)).toBe(true);
      log.length = 0;
      await health.getClusterHealth({ ...demo, clusterName: 'older' });
      expect(describeAddonVersionsCalls()).toBe(1);

      const uncached = service({
        addonVersionsTtlMs: 0,
        clusterVersionsTtlMs: 0,
      });
      log.length = 0;
      await uncached.getClusterHealth(demo);
      await uncached.getClusterHealth(demo);
      expect(describeAddonVersionsCalls()).toBe(2);
      expect(describeClusterVersionsCalls()).toBe(2);
    }, 30_000);
  });

  it('recovers from throttling', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListAddons',
      throttleRate: 1,
      count: 2,
    });
    const health = await service().getClusterHealth(demo);
    expect(health.addons.error).toBeUndefined();
    expect(health.addons.data).toHaveLength(5);
    expect(awsCalls(log).filter(c => c === 'eks ListAddons')).toHaveLength(3);
  }, 30_000);

  it('degrades only the section whose source fails', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListNodegroups',
      serverErrorRate: 1,
    });
    const health = await service({ maxAttempts: 1 }).getClusterHealth(demo);
    expect(health.nodeGroups).toEqual({
      error: { source: 'eks:ListNodegroups', message: expect.any(String) },
    });
    expect(health.cluster.data?.status).toBe('ACTIVE');
    expect(health.addons.data).toHaveLength(5);
  });

  it('gives up on a slow source after its time limit', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListInsights',
      latencyMs: 3000,
    });
    const health = await service({ awsTimeoutMs: 300 }).getClusterHealth(demo);
    expect(health.insights.error).toEqual({
      source: 'eks:ListInsights',
      message: 'SourceTimeoutError: no answer within 300 ms',
    });
    expect(health.cluster.data?.name).toBe('demo');
  });

  it('gives up on a slow Kubernetes API and keeps the AWS sections', async () => {
    sandbox.faults.set({ service: 'kubernetes', latencyMs: 3000 });
    const health = await service({ kubernetesTimeoutMs: 300 }).getClusterHealth(
      demo,
    );
    expect(health.nodes.error).toEqual({
      source: 'kubernetes:nodes',
      message: 'SourceTimeoutError: no answer within 300 ms',
    });
    expect(health.karpenter.error?.source).toMatch(/^kubernetes:/);
    expect(health.addons.data).toHaveLength(5);
  });

  it('reports a missing cluster in every section without throwing', async () => {
    const health = await service({ maxAttempts: 1 }).getClusterHealth({
      ...demo,
      clusterName: 'absent',
    });
    expect(health.cluster.error?.source).toBe('eks:DescribeCluster');
    expect(health.nodes.error?.source).toBe('eks:DescribeCluster');
  });

  it('fails every section, without throwing, when the account has no credentials', async () => {
    const awsClients = new AwsClientFactory({
      credentialsManager: {
        getCredentialProvider: async () => {
          throw new Error('no credentials configured for account 111111111111');
        },
      },
      endpoint: sandbox.url,
    });
    const health = await new ClusterHealthService({
      awsClients,
    }).getClusterHealth({ ...demo, accountId: '111111111111' });
    expect(health.cluster.error).toEqual({
      source: 'aws:credentials',
      message: expect.stringMatching(
        /^InputError: accountId 111111111111 has no AWS credentials in this portal: add it to aws\.accounts/,
      ),
    });
    expect(health.karpenter.error?.source).toBe('aws:credentials');
    expect(health.diagnostics).toEqual([]);
  });

  it('never puts credentials in the document', async () => {
    sandbox.faults.set({ service: 'kubernetes', serverErrorRate: 1 });
    const text = JSON.stringify(await service().getClusterHealth(demo));
    for (const secret of [
      'k8s-aws-v1.',
      'secretAccessKey',
      'X-Amz-Signature',
      'X-Amz-Credential',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
