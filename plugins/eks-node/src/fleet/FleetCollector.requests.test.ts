import { useSandbox } from '../health/__testUtils__/sandboxContext';
import {
  answeredCalls,
  answeredSpans,
  createFleetCluster,
  FLEET_TEST_TARGET,
  sandboxFactory,
} from './__testUtils__/fleetSandbox';
import { FleetCollector, type FleetCollectorOptions } from './FleetCollector';

// What a refresh asks AWS and Kubernetes for, and when: the answers the
// same for every cluster of an account and region asked once, AWS requests
// paced by the rate limit, Kubernetes reads by a gate of their own.

jest.setTimeout(120_000);

const env = useSandbox();
const target = FLEET_TEST_TARGET;

function collector(opts: Partial<FleetCollectorOptions> = {}) {
  return new FleetCollector({
    awsClients: sandboxFactory(env),
    rateLimit: { intervalCap: 10_000, intervalMs: 100 },
    ...opts,
  });
}

/** The most spans open at one time. */
function mostAtOnce(spans: Array<{ start: number; end: number }>): number {
  const edges = spans.flatMap(s => [
    { at: s.start, step: 1 },
    { at: s.end, step: -1 },
  ]);
  // an end and a start at the same ms: the end first
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const e of edges) {
    open += e.step;
    most = Math.max(most, open);
  }
  return most;
}

describe('FleetCollector requests', () => {
  it('asks DescribeClusterVersions once per account and region, and DescribeAddonVersions once per Kubernetes version there, however many clusters it reads', async () => {
    await createFleetCluster(env, 'payments', '1.34');
    await createFleetCluster(env, 'search', '1.34');
    await createFleetCluster(env, 'billing', '1.33');
    const c = collector();
    env.log.length = 0;
    const result = await c.refresh([target]);
    expect(result.rows.map(r => [r.name, r.version, r.error])).toEqual([
      ['billing', '1.33', undefined],
      ['demo', '1.33', undefined],
      ['payments', '1.34', undefined],
      ['search', '1.34', undefined],
    ]);
    const made = answeredCalls(env);
    expect(made.filter(x => x === 'eks DescribeCluster')).toHaveLength(4);
    expect(made.filter(x => x === 'eks DescribeClusterVersions')).toHaveLength(
      1,
    );
    expect(made.filter(x => x === 'eks DescribeAddonVersions')).toHaveLength(2);
    // every row has the support dates of its version from the one answer
    for (const row of result.rows) {
      expect(row.support.standardUntil).toMatch(/^\d{4}-\d{2}-\d{2}/);
    }
  });

  it("an AWS call's wait for the rate limit does not count against its time limit", async () => {
    const c = collector({
      rateLimit: { intervalCap: 5, intervalMs: 500 },
      health: { awsTimeoutMs: 1000, kubernetesTimeoutMs: 1000 },
    });
    const started = Date.now();
    const { rows } = await c.refresh([target]);
    // about 30 AWS requests at 10 a second: most waited longer than 1 s
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(rows[0].error).toBeUndefined();
    expect(rows[0].addons).toHaveLength(5);
    expect(rows[0].readiness).toBeDefined();
    expect(rows[0].karpenter).toBeDefined();
    expect(rows[0].verdict).not.toMatch(/unknown|unreachable/);
  });

  it('paces the AWS requests of an account and region evenly; Kubernetes reads do not wait for them', async () => {
    const limit = { intervalCap: 4, intervalMs: 400 };
    const spacing = limit.intervalMs / limit.intervalCap;
    const c = collector({ rateLimit: limit });
    const started = Date.now();
    const result = await c.refresh([target]);
    const elapsed = Date.now() - started;
    expect(result.rows[0].error).toBeUndefined();
    const spans = answeredSpans(env);
    const aws = spans
      .filter(s => s.service !== 'kubernetes')
      .map(s => s.start)
      .sort((a, b) => a - b);
    const kubernetes = spans
      .filter(s => s.service === 'kubernetes')
      .map(s => s.start)
      .sort((a, b) => a - b);
    expect(aws.length).toBeGreaterThan(3 * limit.intervalCap);
    expect(kubernetes.length).toBeGreaterThan(8);
    // a request may start up to one spacing early (a late timer made up):
    // any intervalCap + 2 consecutive AWS requests span a whole interval
    // (less the log's millisecond rounding)
    for (let i = 0; i + limit.intervalCap + 1 < aws.length; i++) {
      expect(aws[i + limit.intervalCap + 1] - aws[i]).toBeGreaterThanOrEqual(
        limit.intervalMs - 20,
      );
    }
    expect(elapsed).toBeGreaterThanOrEqual((aws.length - 2) * spacing);
    // the Kubernetes reads of the cluster start together, not one per spacing
    let together = 0;
    for (let i = 0, j = 0; j < kubernetes.length; j++) {
      while (kubernetes[j] - kubernetes[i] >= spacing / 2) i++;
      together = Math.max(together, j - i + 1);
    }
    expect(together).toBeGreaterThanOrEqual(5);
  });

  it('keeps at most kubernetesConcurrency Kubernetes reads in flight per account and region', async () => {
    env.sandbox.faults.set({ service: 'kubernetes', latencyMs: 40 });
    const inFlight = async (kubernetesConcurrency?: number) => {
      env.log.length = 0;
      const c = collector(
        kubernetesConcurrency ? { kubernetesConcurrency } : {},
      );
      const { rows } = await c.refresh([target]);
      expect(rows[0].error).toBeUndefined();
      expect(rows[0].verdict).not.toMatch(/unknown|unreachable/);
      return mostAtOnce(
        answeredSpans(env).filter(s => s.service === 'kubernetes'),
      );
    };
    // one read at a time: a read is one request, but for the metrics API's
    // (its HorizontalPodAutoscalers and APIService at once)
    expect(await inFlight(1)).toBeLessThanOrEqual(2);
    expect(await inFlight()).toBeGreaterThanOrEqual(8);
  });

  it('refuses a Kubernetes concurrency below 1, naming the field', () => {
    expect(() => collector({ kubernetesConcurrency: 0 })).toThrow(
      /^kubernetesConcurrency must be a whole number of at least 1, got 0$/,
    );
  });
});
