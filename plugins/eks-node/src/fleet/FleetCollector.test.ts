import {
  DeleteClusterCommand,
  ListClustersCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eks';
import { fleetRowKey } from '@backstage-eks/plugin-eks-common';
import { useSandbox } from '../health/__testUtils__/sandboxContext';
import { ClusterHealthService } from '../health/ClusterHealthService';
import {
  answeredCalls,
  arrangeEks,
  createFleetCluster,
  FLEET_TEST_TARGET,
  sandboxFactory,
} from './__testUtils__/fleetSandbox';
import { FleetCollector, type FleetCollectorOptions } from './FleetCollector';
import { fleetRowFromHealth } from './fleetRow';

jest.setTimeout(120_000);

const env = useSandbox();
const target = FLEET_TEST_TARGET;
const FAST = { intervalCap: 10_000, intervalMs: 100 };

const factory = (maxAttempts?: number) => sandboxFactory(env, maxAttempts);
const calls = () => answeredCalls(env);
const arrange = () => arrangeEks(env);
const createCluster = (name: string) => createFleetCluster(env, name);

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
});
