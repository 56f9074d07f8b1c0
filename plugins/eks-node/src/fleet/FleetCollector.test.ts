import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClusterCommand,
  ListClustersCommand,
  TagResourceCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { fleetRowKey } from '@backstage-eks/plugin-eks-common';
import { arrangeClients } from '../__testUtils__/arrangeClients';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { useSandbox } from '../health/__testUtils__/sandboxContext';
import { ClusterHealthService } from '../health/ClusterHealthService';
import { FleetCollector, type FleetCollectorOptions } from './FleetCollector';
import { fleetRowFromHealth } from './fleetRow';

jest.setTimeout(120_000);

const env = useSandbox();
const target = { accountId: '000000000000', region: 'eu-west-1' };
const FAST = { intervalCap: 10_000, intervalMs: 100 };

function factory(maxAttempts?: number) {
  return AwsClientFactory.fromConfig(
    new ConfigReader({
      eks: {
        endpoint: env.sandbox.url,
        sandbox: { enabled: true },
        ...(maxAttempts ? { retry: { maxAttempts } } : {}),
      },
    }),
  );
}

function collector(
  opts: Partial<FleetCollectorOptions> & { maxAttempts?: number } = {},
) {
  const { maxAttempts, ...rest } = opts;
  return new FleetCollector({
    awsClients: factory(maxAttempts),
    rateLimit: FAST,
    ...rest,
  });
}

/** The calls the sandbox answered since the log was cleared, as `service Operation` (Kubernetes as `kubernetes ...`). */
function calls(): string[] {
  return env.log
    .map(line => line.split(' '))
    .map(([, , service, operation]) => `${service} ${operation}`);
}

async function arrange() {
  const aws = await factory().forTarget(target);
  return arrangeClients(aws).eks;
}

async function createCluster(name: string) {
  const eks = await arrange();
  const { cluster: demo } = await eks.send(
    new DescribeClusterCommand({ name: 'demo' }),
  );
  await eks.send(
    new CreateClusterCommand({
      name,
      version: '1.34',
      roleArn: demo!.roleArn,
      resourcesVpcConfig: { subnetIds: demo!.resourcesVpcConfig!.subnetIds },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      tags: { owner: 'group:default/payments' },
    }),
  );
  await waitUntilClusterActive(
    { client: eks, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.1 } as never,
    { name },
  );
}

describe('FleetCollector against the sandbox', () => {
  it('builds the demo cluster row from the health document the entity page shows', async () => {
    const result = await collector().refresh([
      { ...target, owner: 'group:default/platform', system: 'eks' },
    ]);
    expect(result.regions).toEqual([
      {
        ...target,
        lastAttemptAt: expect.any(String),
        lastSuccessAt: expect.any(String),
        clusterCount: 1,
      },
    ]);
    expect(result.stats['000000000000/eu-west-1']).toEqual({
      listed: 1,
      read: 1,
      kept: 0,
      failed: 0,
      dropped: 0,
    });
    const [row] = result.rows;
    expect(row).toMatchObject({
      accountId: '000000000000',
      region: 'eu-west-1',
      name: 'demo',
      arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
      entityRef: 'resource:default/demo',
      owner: 'group:default/platform',
      system: 'eks',
      status: 'ACTIVE',
      version: '1.33',
      nextVersion: '1.34',
    });
    expect(row.error).toBeUndefined();
    expect(row.addons.map(a => a.name)).toEqual([
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
    // the same document, read directly, summarises to the same row
    const doc = await new ClusterHealthService({
      awsClients: factory(),
    }).getClusterHealth({ ...target, clusterName: 'demo' });
    const direct = fleetRowFromHealth(doc, {
      ...target,
      name: 'demo',
      owner: 'group:default/platform',
      system: 'eks',
    });
    expect({ ...row, refreshedAt: '' }).toEqual({
      ...direct,
      refreshedAt: '',
    });
    expect(row.verdict).toBe(doc.verdict.kind);
    expect(row.diagnostics.critical).toBe(
      doc.diagnostics.filter(d => d.severity === 'critical').length,
    );
    expect(row.support.standardUntil).toBe(
      doc.upgrade.data?.support.endOfStandardSupport,
    );
  });

  it('a second refresh with nothing changed makes only the list call and keeps the rows as they were', async () => {
    const c = collector();
    const first = await c.refresh([target]);
    const full = calls();
    env.log.length = 0;
    const second = await c.refresh([target], { previous: first });
    expect(calls()).toEqual(['eks ListClusters']);
    expect(second.rows[0]).toBe(first.rows[0]);
    expect(second.stats['000000000000/eu-west-1']).toMatchObject({
      read: 0,
      kept: 1,
    });
    // the full refresh: ListClusters, then the health document's reads
    expect(full[0]).toBe('eks ListClusters');
    expect(full.filter(x => x === 'eks DescribeCluster')).toHaveLength(1);
    expect(full.some(x => x.startsWith('kubernetes '))).toBe(true);
  });

  it('reads a cluster again when it is dirty, when its row is past the TTL, and a new cluster; drops a deleted one', async () => {
    // the collector's clock runs ahead of the real one by `ahead` ms
    let ahead = 0;
    const c = collector({
      now: () => new Date(Date.now() + ahead),
      detailTtlMs: 60_000,
      ttlJitter: 0,
    });
    const first = await c.refresh([target]);
    const eks = await arrange();
    await eks.send(
      new TagResourceCommand({
        resourceArn: first.rows[0].arn,
        tags: { owner: 'group:default/team-a' },
      }),
    );
    // not dirty, not due: kept as it was
    env.log.length = 0;
    const kept = await c.refresh([target], { previous: first });
    expect(kept.rows[0]).toBe(first.rows[0]);
    expect(kept.rows[0].owner).toBeUndefined();
    // dirty: read again
    const key = fleetRowKey(first.rows[0]);
    const dirty = await c.refresh([target], {
      previous: kept,
      dirty: new Set([key]),
    });
    expect(dirty.rows[0].owner).toBe('group:default/team-a');
    expect(dirty.dirtyRead).toEqual([key]);
    expect(calls().filter(x => x === 'eks DescribeCluster')).toHaveLength(1);
    // past the TTL: read again
    await eks.send(
      new TagResourceCommand({
        resourceArn: first.rows[0].arn,
        tags: { owner: 'group:default/team-b' },
      }),
    );
    ahead = 30_000;
    const young = await c.refresh([target], { previous: dirty });
    expect(young.rows[0]).toBe(dirty.rows[0]);
    ahead = 91_000;
    const aged = await c.refresh([target], { previous: young });
    expect(aged.rows[0].owner).toBe('group:default/team-b');
    expect(Date.parse(aged.rows[0].refreshedAt)).toBeGreaterThan(
      Date.parse(young.rows[0].refreshedAt),
    );

    // a new cluster is read; the demo row is kept
    await createCluster('payments');
    env.log.length = 0;
    const grown = await c.refresh([target], { previous: aged });
    expect(grown.rows.map(r => r.name)).toEqual(['demo', 'payments']);
    expect(grown.rows[0]).toBe(aged.rows[0]);
    expect(grown.rows[1]).toMatchObject({
      name: 'payments',
      version: '1.34',
      owner: 'group:default/payments',
      entityRef: 'resource:default/payments',
    });
    const describes = env.log.filter(l => / eks DescribeCluster /.test(l));
    expect(describes).toHaveLength(1);

    // deleted: dropped, with no read
    await eks.send(new DeleteClusterCommand({ name: 'payments' }));
    for (let i = 0; i < 200; i++) {
      const out = await eks.send(new ListClustersCommand({}));
      if (!out.clusters?.includes('payments')) break;
      await new Promise(r => setTimeout(r, 50));
    }
    env.log.length = 0;
    const shrunk = await c.refresh([target], { previous: grown });
    expect(shrunk.rows.map(r => r.name)).toEqual(['demo']);
    expect(shrunk.stats['000000000000/eu-west-1'].dropped).toBe(1);
    expect(shrunk.regions[0].clusterCount).toBe(1);
    expect(calls()).toEqual(['eks ListClusters']);
  });

  it('a region whose listing fails keeps its rows and reports its error', async () => {
    const c = collector({ maxAttempts: 1 });
    const first = await c.refresh([target]);
    env.sandbox.faults.set({
      service: 'eks',
      operation: 'ListClusters',
      serverErrorRate: 1,
    });
    const failed = await c.refresh([target], {
      previous: first,
      dirty: new Set([fleetRowKey(first.rows[0])]),
    });
    expect(failed.rows).toEqual(first.rows);
    expect(failed.dirtyRead).toEqual([]);
    expect(failed.regions[0]).toEqual({
      ...target,
      lastSuccessAt: first.regions[0].lastSuccessAt,
      lastAttemptAt: expect.any(String),
      error: expect.stringMatching(/\S/),
      clusterCount: 1,
    });
  });

  it('a cluster whose read fails keeps its last good row with the error', async () => {
    let now = new Date();
    const c = collector({ maxAttempts: 1, now: () => now });
    const first = await c.refresh([target]);
    env.sandbox.faults.set({
      service: 'eks',
      operation: 'DescribeCluster',
      serverErrorRate: 1,
    });
    now = new Date(now.getTime() + 1000);
    const failed = await c.refresh([target], {
      previous: first,
      dirty: new Set([fleetRowKey(first.rows[0])]),
    });
    const { error, ...rest } = failed.rows[0];
    expect(rest).toEqual(first.rows[0]);
    expect(error).toMatch(/^eks:DescribeCluster: /);
    expect(failed.regions[0].error).toBeUndefined();
    expect(failed.stats['000000000000/eu-west-1'].failed).toBe(1);
    // a failed row is read again at the next refresh, dirty or not
    env.sandbox.faults.clear();
    const again = await c.refresh([target], { previous: failed });
    expect(again.rows[0].error).toBeUndefined();
    expect(again.stats['000000000000/eu-west-1'].read).toBe(1);
  });

  it('refreshes every account and region at once; a region without clusters or with a bad target does not touch the others', async () => {
    const result = await collector().refresh([
      target,
      { ...target, region: 'eu-central-1' },
      { ...target, region: 'not-a-region' },
    ]);
    expect(result.rows.map(r => `${r.region}/${r.name}`)).toEqual([
      'eu-west-1/demo',
    ]);
    expect(
      result.regions.map(r => [r.region, r.clusterCount, r.error]),
    ).toEqual([
      ['eu-west-1', 1, undefined],
      ['eu-central-1', 0, undefined],
      ['not-a-region', 0, expect.stringMatching(/^region /)],
    ]);
  });

  it('refuses a rate limit that allows nothing, naming the field', () => {
    expect(() =>
      collector({ rateLimit: { intervalCap: 0, intervalMs: 1000 } }),
    ).toThrow(
      /^rateLimit\.intervalCap must be a whole number of at least 1, got 0$/,
    );
    expect(() =>
      collector({ rateLimit: { intervalCap: 5, intervalMs: -1 } }),
    ).toThrow(/^rateLimit\.intervalMs /);
  });

  it("a call's wait for the rate limit does not count against its time limit", async () => {
    const c = collector({
      rateLimit: { intervalCap: 5, intervalMs: 250 },
      health: { awsTimeoutMs: 1000, kubernetesTimeoutMs: 1000 },
    });
    const started = Date.now();
    const { rows } = await c.refresh([target]);
    // 43 requests at 20 a second: most waited longer than 1 s
    expect(Date.now() - started).toBeGreaterThan(1700);
    expect(rows[0].addons).toHaveLength(5);
    expect(rows[0].readiness).toBeDefined();
    expect(rows[0].karpenter).toBeDefined();
    expect(rows[0].verdict).not.toMatch(/unknown|unreachable/);
  });

  it('sends every AWS and Kubernetes request of an account and region within its rate limit', async () => {
    const limit = { intervalCap: 6, intervalMs: 250 };
    const c = collector({ rateLimit: limit });
    const started = Date.now();
    const result = await c.refresh([target]);
    const elapsed = Date.now() - started;
    expect(result.rows).toHaveLength(1);
    // each log line ends with the request's duration: its arrival is known
    const starts = env.log
      .map(
        line =>
          Date.parse(line.split(' ')[0]) - Number(/(\d+)ms$/.exec(line)![1]),
      )
      .sort((a, b) => a - b);
    const n = starts.length;
    expect(n).toBeGreaterThan(3 * limit.intervalCap);
    expect(calls().some(x => x.startsWith('kubernetes '))).toBe(true);
    // p-queue starts at most intervalCap per interval: any 2 × cap + 1
    // consecutive requests span more than one whole interval
    for (let i = 0; i + 2 * limit.intervalCap < n; i++) {
      expect(
        starts[i + 2 * limit.intervalCap] - starts[i],
      ).toBeGreaterThanOrEqual(limit.intervalMs - 20);
    }
    // n requests fill at least ceil(n / cap) intervals, the first and the
    // last possibly entered at their edges
    expect(elapsed).toBeGreaterThanOrEqual(
      (Math.ceil(n / limit.intervalCap) - 2) * limit.intervalMs,
    );
  });
});
