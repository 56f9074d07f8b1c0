import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  ListAddonsCommand,
  ListClustersCommand,
  ListInsightsCommand,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SandboxState } from './state';
import {
  fleetAccountIds,
  fleetKubeStats,
  fleetLayout,
  FLEET_KARPENTER_VERSIONS,
  seedFleet,
} from './fleet';
import { KubeSimulation } from './simulation/KubeSimulation';
import { WriteLog } from './writeLog';
import { Scheduler } from './scheduler';
import { startSandbox, type Sandbox } from './sandbox';
import { clientConfig, eksClient } from './__testUtils__/clients';
import { fetchWithCa, signEksToken } from './kubernetes/testing';
import { EKSClient } from '@aws-sdk/client-eks';

function seedInto(state: SandboxState, clusters: number, seed = 1) {
  const simulation = new KubeSimulation(new WriteLog(), new Scheduler(0));
  return seedFleet(
    {
      state,
      simulation,
      kubernetesUrl: 'https://127.0.0.1:1',
      certificateAuthorityData: 'Q0E=',
    },
    { clusters, accounts: 5, regions: 4, seed },
  );
}

/** The fleet's shape: per cluster its place, version, add-on versions and node group. */
function shapeOf(state: SandboxState) {
  const out: string[] = [];
  for (const [accountId, account] of state.accounts) {
    for (const [region, r] of account.regions) {
      for (const c of r.eks.clusters.values()) {
        const addons = [...(r.eks.addons.get(c.name)?.values() ?? [])]
          .map(a => `${a.addonName}@${a.addonVersion}:${a.status}`)
          .join(',');
        const ng = r.eks.nodegroups.get(c.name)?.get('system')?.version;
        out.push(
          `${accountId}/${region}/${c.name} ${c.version} ng ${ng} ${addons}`,
        );
      }
    }
  }
  return out;
}

describe('seedFleet', () => {
  it('spreads N clusters evenly over accounts × regions, each with 5-20 add-ons at versions its Kubernetes version offers', () => {
    const state = new SandboxState();
    const { accounts, regions } = seedInto(state, 500);
    expect(accounts).toEqual(fleetAccountIds(5));
    expect(accounts[0]).toBe('000000000000');
    expect(accounts[1]).toBe('111111111111');
    expect(regions).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-west-2',
      'ap-southeast-2',
    ]);
    let total = 0;
    const versions = new Set<string>();
    for (const a of accounts) {
      for (const r of regions) {
        const clusters = state.region(a, r).eks.clusters;
        expect(clusters.size).toBe(25);
        total += clusters.size;
        for (const c of clusters.values()) {
          versions.add(c.version);
          expect(c.status).toBe('ACTIVE');
          expect(c.arn).toBe(`arn:aws:eks:${r}:${a}:cluster/${c.name}`);
          expect(c.endpoint).toBe(
            `https://127.0.0.1:1/k8s/${a}/${r}/${c.name}`,
          );
          const addons = state.region(a, r).eks.addons.get(c.name)!;
          expect(addons.size).toBeGreaterThanOrEqual(5);
          expect(addons.size).toBeLessThanOrEqual(20);
          expect([...addons.keys()]).toEqual(
            expect.arrayContaining(['vpc-cni', 'coredns', 'kube-proxy']),
          );
        }
      }
    }
    expect(total).toBe(500);
    expect([...versions].sort()).toEqual([
      '1.30',
      '1.31',
      '1.32',
      '1.33',
      '1.34',
    ]);
  });

  it('is deterministic: the same seed gives the same fleet, another seed another one', () => {
    const a = new SandboxState();
    const b = new SandboxState();
    const c = new SandboxState();
    seedInto(a, 200, 7);
    seedInto(b, 200, 7);
    seedInto(c, 200, 8);
    expect(shapeOf(a)).toEqual(shapeOf(b));
    expect(shapeOf(a)).not.toEqual(shapeOf(c));
  });

  it('has add-ons behind, DEGRADED add-ons, node groups behind and clusters with and without Karpenter', () => {
    const state = new SandboxState();
    seedInto(state, 500);
    const lines = shapeOf(state);
    expect(lines.filter(l => l.includes(':DEGRADED')).length).toBeGreaterThan(
      20,
    );
    expect(lines.filter(l => l.includes(':DEGRADED')).length).toBeLessThan(100);
    const behindNodegroups = lines.filter(l => {
      const [, version, , ng] = l.split(' ');
      return version !== ng;
    });
    expect(behindNodegroups.length).toBeGreaterThan(10);
    // Karpenter lives in the (lazy) Kubernetes API: read a few clusters'
    const r = state.region('000000000000', 'eu-west-1');
    const tags = [...r.eks.clusters.values()].map(
      c =>
        c.kube!.get('apps/v1', 'Deployment', 'kube-system', 'karpenter')
          ?.spec as
          | { template: { spec: { containers: { image: string }[] } } }
          | undefined,
    );
    const images = tags
      .filter(t => t !== undefined)
      .map(t => t!.template.spec.containers[0].image.split(':')[1]);
    expect(images.length).toBeGreaterThan(3);
    expect(images.length).toBeLessThan(25);
    for (const tag of images) expect(FLEET_KARPENTER_VERSIONS).toContain(tag);
  });

  it("builds a cluster's Kubernetes API only when read, and seeds 2,000 clusters in seconds", () => {
    const state = new SandboxState();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    seedInto(state, 2000);
    const elapsed = performance.now() - started;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    expect(elapsed).toBeLessThan(5000);
    expect(heapMb).toBeLessThan(200);
    expect(fleetKubeStats(state)).toEqual({ total: 2000, built: 0 });
    const cluster = state
      .region('111111111111', 'us-east-1')
      .eks.clusters.values()
      .next().value!;
    const nodes = cluster.kube!.list('v1', 'Node');
    expect(nodes).toHaveLength(2);
    expect(fleetKubeStats(state)).toEqual({ total: 2000, built: 1 });
  });

  it('keeps no change history of a cluster built in one go: a watch from before it is built is too old, one from after it gets the changes', () => {
    const state = new SandboxState();
    seedInto(state, 20);
    const cluster = state
      .region('000000000000', 'eu-west-1')
      .eks.clusters.values()
      .next().value!;
    const kube = cluster.kube!;
    const built = kube.resourceVersion;
    expect(built).toBeGreaterThan(50);
    expect(kube.changesSince(0)).toBeUndefined();
    expect(kube.changesSince(built - 1)).toBeUndefined();
    expect(kube.changesSince(built)).toEqual([]);
    kube.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    expect(
      kube.changesSince(built)?.map(c => c.change.object.metadata.name),
    ).toContain('team-a');
  });

  it('refuses a fleet it cannot lay out, naming the field', () => {
    expect(() => fleetLayout({ clusters: 0 })).toThrow(/fleet\.clusters/);
    expect(() => fleetLayout({ clusters: 10, accounts: 0 })).toThrow(
      /fleet\.accounts/,
    );
    expect(() => fleetLayout({ clusters: 10, regions: 99 })).toThrow(
      /fleet\.regions/,
    );
    expect(() => fleetLayout({ clusters: 10, accounts: ['12'] })).toThrow(
      /12-digit/,
    );
  });
});

describe('a sandbox with a fleet', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      latencyFactor: 0.0001,
      fleet: { clusters: 500, accounts: 5, regions: 4 },
    });
  });
  afterAll(() => sandbox.stop());

  const names = async (client: EKSClient) => {
    const out: string[] = [];
    for await (const page of paginateListClusters(
      { client, pageSize: 100 },
      {},
    ))
      out.push(...(page.clusters ?? []));
    return out;
  };

  it("lists each account's own clusters, by its own key and through AssumeRole into it", async () => {
    const inA = await names(eksClient(sandbox));
    expect(inA).toContain('demo');
    expect(inA).toHaveLength(26);
    const inB = await names(eksClient(sandbox, '111111111111'));
    expect(inB).toHaveLength(25);
    expect(inB.filter(n => inA.includes(n)).length).toBeLessThan(25);
    expect(inB).toEqual(
      Object.keys(
        sandbox.snapshot().accounts['111111111111'].regions['eu-west-1'].eks
          .clusters,
      ).sort(),
    );

    // what aws.accounts' roleName does: AssumeRole from the main account
    const sts = new STSClient(clientConfig(sandbox));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/backstage-eks',
        RoleSessionName: 'backstage',
      }),
    );
    const assumed = new EKSClient({
      ...clientConfig(sandbox),
      region: 'us-west-2',
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const inC = await names(assumed);
    expect(inC).toEqual(
      Object.keys(
        sandbox.snapshot().accounts['222222222222'].regions['us-west-2'].eks
          .clusters,
      ).sort(),
    );
    expect(inC).toHaveLength(25);
    const { cluster } = await assumed.send(
      new DescribeClusterCommand({ name: inC[0] }),
    );
    expect(cluster?.arn).toBe(
      `arn:aws:eks:us-west-2:222222222222:cluster/${inC[0]}`,
    );
  });

  it("serves a fleet cluster's add-ons, insights and Kubernetes API like any other", async () => {
    const eks = eksClient(sandbox, '333333333333');
    const [name] = (await eks.send(new ListClustersCommand({}))).clusters!;
    const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
    expect(cluster?.status).toBe('ACTIVE');
    const { addons } = await eks.send(
      new ListAddonsCommand({ clusterName: name }),
    );
    expect(addons!.length).toBeGreaterThanOrEqual(5);
    const { addon } = await eks.send(
      new DescribeAddonCommand({ clusterName: name, addonName: addons![0] }),
    );
    expect(addon?.addonVersion).toMatch(/^v/);
    const { insights } = await eks.send(
      new ListInsightsCommand({ clusterName: name }),
    );
    expect(insights!.length).toBeGreaterThan(0);
    const fetch = fetchWithCa(sandbox.certificateAuthority);
    const res = await fetch(`${cluster!.endpoint}/api/v1/nodes`, {
      headers: {
        authorization: `Bearer ${signEksToken({
          clusterName: name,
          accessKeyId: '333333333333',
        })}`,
      },
    });
    expect(res.status).toBe(200);
    const nodes = (await res.json()) as { items: unknown[] };
    expect(nodes.items).toHaveLength(2);
  });

  it('has clusters whose EBS CSI driver is DEGRADED and clusters whose add-on compatibility insight is ERROR', async () => {
    let degraded = 0;
    let errors = 0;
    const eks = eksClient(sandbox, '444444444444');
    for (const name of (await names(eks)).slice(0, 25)) {
      const { insights } = await eks.send(
        new ListInsightsCommand({ clusterName: name }),
      );
      if (insights!.some(i => i.insightStatus?.status === 'ERROR')) errors += 1;
      const { addons } = await eks.send(
        new ListAddonsCommand({ clusterName: name }),
      );
      if (addons!.includes('aws-ebs-csi-driver')) {
        const { addon } = await eks.send(
          new DescribeAddonCommand({
            clusterName: name,
            addonName: 'aws-ebs-csi-driver',
          }),
        );
        if (addon?.status === 'DEGRADED') degraded += 1;
      }
    }
    expect(degraded).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });

  it('keeps the fleet across reset()', async () => {
    await sandbox.reset();
    expect(await names(eksClient(sandbox, '111111111111'))).toHaveLength(25);
  });
});
