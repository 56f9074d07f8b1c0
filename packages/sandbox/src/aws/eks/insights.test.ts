import {
  DescribeInsightsRefreshCommand,
  InvalidRequestException,
  ListInsightsCommand,
  ResourceNotFoundException,
  StartInsightsRefreshCommand,
  UpdateClusterVersionCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import { eksClient, eventually, fastWaiter } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';

describe('EKS insights: categories and on-demand refresh', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const demo = () =>
    sandbox.state.region(ACCOUNT, 'eu-west-1').eks.clusters.get('demo')!;

  it('refreshes on demand: IN_PROGRESS, then COMPLETED, and the insights carry the refresh time', async () => {
    const eks = eksClient(sandbox);
    // no refresh yet: an answer without status
    expect(
      (
        await eks.send(
          new DescribeInsightsRefreshCommand({ clusterName: 'demo' }),
        )
      ).status,
    ).toBeUndefined();
    const before = Date.now();
    const started = await eks.send(
      new StartInsightsRefreshCommand({ clusterName: 'demo' }),
    );
    expect(started.status).toBe('IN_PROGRESS');
    // a second start while one runs is the running one
    expect(
      (await eks.send(new StartInsightsRefreshCommand({ clusterName: 'demo' })))
        .status,
    ).toBe('IN_PROGRESS');
    expect(
      sandbox.writes.filter(w => w.operation === 'StartInsightsRefresh'),
    ).toHaveLength(1);
    const done = await eventually(async () => {
      const r = await eks.send(
        new DescribeInsightsRefreshCommand({ clusterName: 'demo' }),
      );
      return r.status === 'COMPLETED' && r;
    });
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(done.endedAt!.getTime()).toBeGreaterThanOrEqual(
      done.startedAt!.getTime(),
    );
    const { insights } = await eks.send(
      new ListInsightsCommand({ clusterName: 'demo' }),
    );
    // seconds on the wire: equal to the refresh's end to the second
    expect(
      insights!.every(
        i =>
          Math.abs(i.lastRefreshTime!.getTime() - done.endedAt!.getTime()) <
          1000,
      ),
    ).toBe(true);
  });

  it('refuses a refresh of a cluster that is not ACTIVE or does not exist', async () => {
    const eks = eksClient(sandbox);
    demo().status = 'UPDATING';
    await expect(
      eks.send(new StartInsightsRefreshCommand({ clusterName: 'demo' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      eks.send(new StartInsightsRefreshCommand({ clusterName: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      eks.send(new DescribeInsightsRefreshCommand({ clusterName: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('without a refresh, the insights carry the time of EKS daily refresh since creation', async () => {
    const eks = eksClient(sandbox);
    const created = demo().createdAt.getTime();
    const { insights } = await eks.send(
      new ListInsightsCommand({ clusterName: 'demo' }),
    );
    const refreshed = insights![0].lastRefreshTime!.getTime();
    expect(refreshed).toBeGreaterThanOrEqual(created - 1000);
    expect(refreshed).toBeLessThanOrEqual(Date.now());
    expect((refreshed - created) % (24 * 3600_000)).toBeLessThan(1000);
  });

  it('adds rollback readiness once a version update succeeded', async () => {
    const eks = eksClient(sandbox);
    const categories = async () =>
      (
        await eks.send(new ListInsightsCommand({ clusterName: 'demo' }))
      ).insights!.map(i => `${i.category} ${i.kubernetesVersion}`);
    expect(await categories()).not.toContain('ROLLBACK_READINESS 1.33');
    await eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    await eventually(() => demo().version === '1.34');
    await waitUntilClusterActive(fastWaiter(eks), { name: 'demo' });
    const after = await eks.send(
      new ListInsightsCommand({ clusterName: 'demo' }),
    );
    const rollback = after.insights!.find(
      i => i.category === 'ROLLBACK_READINESS',
    );
    expect(rollback).toMatchObject({
      kubernetesVersion: '1.33',
      name: 'Amazon EKS add-on version compatibility for rollback',
    });
    // the seeded add-ons are 1.33 builds: they run on 1.33
    expect(rollback!.insightStatus?.status).toBe('PASSING');
  });

  it('adds a configuration insight for Hybrid Nodes: a warning while remote node networks have no remote pod networks', async () => {
    const eks = eksClient(sandbox);
    const cluster = demo();
    const misconfiguration = async () =>
      (
        await eks.send(
          new ListInsightsCommand({
            clusterName: 'demo',
            filter: { categories: ['MISCONFIGURATION'] },
          }),
        )
      ).insights!;
    expect(await misconfiguration()).toEqual([]);
    cluster.remoteNetworkConfig = {
      remoteNodeNetworks: [{ cidrs: ['10.200.0.0/16'] }],
      remotePodNetworks: [],
    };
    const [warning] = await misconfiguration();
    expect(warning.insightStatus?.status).toBe('WARNING');
    expect(warning.insightStatus?.reason).toContain('10.200.0.0/16');
    cluster.remoteNetworkConfig = {
      remoteNodeNetworks: [{ cidrs: ['10.200.0.0/16'] }],
      remotePodNetworks: [{ cidrs: ['10.201.0.0/16'] }],
    };
    expect(
      (await misconfiguration()).map(i => i.insightStatus?.status),
    ).toEqual(['PASSING']);
  });
});
