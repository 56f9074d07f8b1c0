import {
  AwsClientFactory,
  FleetCollector,
  KubernetesClientFactory,
  SandboxCredentialsManager,
  type FleetTarget,
} from '@backstage-eks/plugin-eks-node';
import type {
  AccountRateLimit,
  FleetSeedOptions,
} from '@backstage-eks/sandbox';
import type { FleetCallCounts, FleetClusterFacts } from './fleetSandboxWorker';
import { runFleetPageBenchmark, startFleetWorker } from './fleetPage';
import { excessOverMinimum, minimumHealthViewCalls, sum } from './healthView';
import {
  atMost,
  exactly,
  info,
  type BenchmarkResult,
  type Figure,
} from './report';

/** EKS's ListClusters page size when none is asked (maxResults default 100). */
const LIST_CLUSTERS_PAGE = 100;

/**
 * The fewest AWS and Kubernetes calls a full refresh of the fleet can make,
 * given that each row is summarised from the cluster's health document (the
 * diagnostics the entity page shows):
 * - per account and region: ListClusters, one page per 100 clusters;
 *   DescribeClusterVersions once (the same for every cluster there);
 *   DescribeAddonVersions once per Kubernetes version in use there (each
 *   account asked with its own credentials: one account's answer, or its
 *   permission to read it, does not stand for another's);
 * - per cluster: the health view's minimum ({@link minimumHealthViewCalls})
 *   without those two, and without GetQueueAttributes (the fleet's clusters
 *   have no Karpenter interruption queue: GetQueueUrl finds none).
 */
export function minimumFleetRefreshCalls(
  facts: FleetClusterFacts[],
): Map<string, number> {
  const total = new Map<string, number>();
  const add = (key: string, n: number) => {
    if (n > 0) total.set(key, (total.get(key) ?? 0) + n);
  };
  const regions = new Map<string, FleetClusterFacts[]>();
  for (const f of facts) {
    const key = `${f.accountId}/${f.region}`;
    regions.set(key, [...(regions.get(key) ?? []), f]);
  }
  for (const clusters of regions.values()) {
    add(
      'eks:ListClusters',
      Math.max(1, Math.ceil(clusters.length / LIST_CLUSTERS_PAGE)),
    );
    add('eks:DescribeClusterVersions', 1);
    add(
      'eks:DescribeAddonVersions',
      new Set(clusters.map(c => c.version)).size,
    );
  }
  for (const f of facts) {
    const perCluster = minimumHealthViewCalls({
      addons: f.addons,
      nodegroups: f.nodegroups,
      nodegroupsWithLaunchTemplate: 0,
      podIdentityAssociations: f.podIdentityAssociations,
      rolesRead: 0,
      fargateProfiles: 0,
      capabilities: 0,
      clusterUpdates: 0,
      insightsNeedingDetails: f.insightsWarningOrError,
      karpenterInstalled: f.karpenter,
    });
    perCluster.delete('eks:DescribeClusterVersions');
    perCluster.delete('eks:DescribeAddonVersions');
    perCluster.delete('sqs:GetQueueAttributes');
    for (const [key, n] of perCluster) add(key, n);
  }
  return new Map([...total].sort(([a], [b]) => a.localeCompare(b)));
}

/** AWS calls of the minimum set per account (Kubernetes calls are not AWS's to limit). */
function minimumAwsCallsByAccount(
  facts: FleetClusterFacts[],
): Map<string, number> {
  const byAccount = new Map<string, FleetClusterFacts[]>();
  for (const f of facts) {
    byAccount.set(f.accountId, [...(byAccount.get(f.accountId) ?? []), f]);
  }
  return new Map(
    [...byAccount].map(([account, clusters]) => [
      account,
      [...minimumFleetRefreshCalls(clusters)]
        .filter(([key]) => !key.startsWith('kubernetes:'))
        .reduce((a, [, n]) => a + n, 0),
    ]),
  );
}

/**
 * The shortest time a per-account token bucket lets `calls` requests
 * through: the burst at once, the rest at the rate.
 */
export function rateLimitedSeconds(calls: number, limit: AccountRateLimit) {
  const burst = limit.burst ?? Math.max(1, limit.requestsPerSecond);
  return Math.max(0, calls - burst) / limit.requestsPerSecond;
}

/** Options of {@link runFleetBenchmark}. */
export interface FleetBenchmarkOptions {
  /** Fleet whose refreshes are timed and counted (500 clusters, 5 × 4). */
  fleet: FleetSeedOptions;
  /** The sandbox's per-account rate limit (AWS's). */
  rateLimit: AccountRateLimit;
  /** Injected latency of every AWS and Kubernetes call. */
  latencyMs: number;
  /**
   * Fleet sizes (over the same accounts and regions) at which the fleet
   * route's p99 and the backend's heap are measured ({@link runFleetPageBenchmark}).
   */
  pageSizes: number[];
  /** Load of the route measurements. */
  connections: number;
  durationSeconds: number;
  progress: (line: string) => void;
}

function countsMap(counts: FleetCallCounts): Map<string, number> {
  return new Map(
    Object.entries(counts.byOperation).sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * Benchmark 5 (issue 19): the fleet. A sandbox (in a worker thread) seeded
 * with a fleet, a per-account rate limit like AWS's and latency on every
 * call; eks-node's FleetCollector with its per-account-and-region rate limit
 * set to the account's rate shared by its regions. A full refresh (no
 * previous rows) is counted against {@link minimumFleetRefreshCalls} and
 * timed against what the rate limit allows for that set; a second refresh,
 * with nothing changed and every row within its TTL, is counted.
 */
export async function runFleetBenchmark(
  opts: FleetBenchmarkOptions,
): Promise<BenchmarkResult> {
  const worker = await startFleetWorker({
    fleet: opts.fleet,
    rateLimit: opts.rateLimit,
    latencyMs: opts.latencyMs,
  });
  try {
    const facts0 = await worker.ask<FleetClusterFacts[]>({ type: 'facts' });
    const accounts = [...new Set(facts0.map(f => f.accountId))];
    const regions = [...new Set(facts0.map(f => f.region))];
    opts.progress(
      `seeded ${facts0.length} clusters over ${accounts.length} accounts × ${
        regions.length
      } regions in ${worker.seedMs.toFixed(0)} ms`,
    );
    const targets: FleetTarget[] = accounts.flatMap(accountId =>
      regions.map(region => ({ accountId, region })),
    );
    const perRegionRate = opts.rateLimit.requestsPerSecond / regions.length;
    const collector = new FleetCollector({
      awsClients: new AwsClientFactory({
        credentialsManager: new SandboxCredentialsManager(),
        endpoint: worker.url,
        defaultRegion: regions[0],
        maxAttempts: 10,
      }),
      kubernetesClients: new KubernetesClientFactory(),
      rateLimit: {
        intervalCap: Math.max(1, Math.floor(perRegionRate)),
        intervalMs: 1000,
      },
    });

    opts.progress('full refresh');
    let mark = await worker.ask<number>({ type: 'mark' });
    let t0 = performance.now();
    const full = await collector.refresh(targets);
    const fullSeconds = (performance.now() - t0) / 1000;
    const fullCounts = await worker.ask<FleetCallCounts>({
      type: 'calls',
      since: mark,
    });
    const failedRows = full.rows.filter(r => r.error).length;
    const failedRegions = full.regions.filter(r => r.error).length;

    // the facts after the refresh: every cluster's Kubernetes API is built
    const facts = await worker.ask<FleetClusterFacts[]>({ type: 'facts' });
    const minimum = minimumFleetRefreshCalls(facts);
    const actual = countsMap(fullCounts);
    const awsMinimumByAccount = minimumAwsCallsByAccount(facts);
    const allowedSeconds = Math.max(
      ...[...awsMinimumByAccount.values()].map(n =>
        rateLimitedSeconds(n, opts.rateLimit),
      ),
    );

    opts.progress('refresh with nothing changed');
    mark = await worker.ask<number>({ type: 'mark' });
    t0 = performance.now();
    const again = await collector.refresh(targets, {
      previous: { rows: full.rows, regions: full.regions },
    });
    const againSeconds = (performance.now() - t0) / 1000;
    const againCounts = await worker.ask<FleetCallCounts>({
      type: 'calls',
      since: mark,
    });
    const listPages = minimum.get('eks:ListClusters') ?? 0;
    const againOther =
      againCounts.total - (againCounts.byOperation['eks:ListClusters'] ?? 0);

    const differences = excessOverMinimum(actual, minimum);
    let beyond = 0;
    let short = 0;
    for (const key of new Set([...actual.keys(), ...minimum.keys()])) {
      const diff = (actual.get(key) ?? 0) - (minimum.get(key) ?? 0);
      if (diff > 0) beyond += diff;
      else short -= diff;
    }
    const errors = new Map<string, number>();
    for (const row of full.rows) {
      if (!row.error) continue;
      const message = row.error.replace(/\d+/g, 'N').slice(0, 160);
      errors.set(message, (errors.get(message) ?? 0) + 1);
    }
    const readAgain = Object.values(again.stats).reduce(
      (a, s) => a + s.read,
      0,
    );
    const keptAgain = Object.values(again.stats).reduce(
      (a, s) => a + s.kept,
      0,
    );
    const figures: Figure[] = [
      info(
        'Fleet',
        `${facts.length} clusters, ${accounts.length} accounts × ${
          regions.length
        } regions, seeded in ${worker.seedMs.toFixed(0)} ms`,
      ),
      info(
        'Rows after the full refresh (rows whose read failed / failed regions)',
        `${full.rows.length} (${failedRows} / ${failedRegions})`,
      ),
      info(
        'Why reads failed (rows)',
        [...errors]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([m, n]) => `${n}× ${m}`)
          .join('; ') || 'none',
      ),
      info(
        'Minimum calls per full refresh (AWS + Kubernetes)',
        `${sum(minimum)} (${[...minimum]
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')})`,
      ),
      info('Calls per full refresh (AWS + Kubernetes)', sum(actual)),
      exactly('Calls per full refresh beyond the minimum', beyond, 0),
      info('Calls of the minimum set not made', short),
      info(
        'Calls per full refresh, differences from the minimum',
        differences.join(', ') || 'none',
      ),
      info(
        'Calls refused by the sandbox rate limit during the full refresh',
        fullCounts.rateLimited,
      ),
      info('Full refresh wall time (s)', fullSeconds.toFixed(1)),
      info(
        'Time the rate limit allows for the minimum AWS set (s)',
        allowedSeconds.toFixed(1),
      ),
      atMost(
        'Full refresh wall time / rate-limit time',
        fullSeconds / Math.max(allowedSeconds, 1e-9),
        1.2,
      ),
      atMost(
        'No-change refresh: ListClusters calls',
        againCounts.byOperation['eks:ListClusters'] ?? 0,
        listPages,
        n => n.toFixed(0),
      ),
      exactly(
        'No-change refresh: rows read again that had not failed',
        readAgain - failedRows,
        0,
      ),
      failedRows === 0
        ? exactly(
            'No-change refresh: calls besides ListClusters',
            againOther,
            0,
          )
        : info(
            `No-change refresh: calls besides ListClusters (re-reading the ${failedRows} rows whose read failed)`,
            againOther,
          ),
      info(
        'No-change refresh: rows read again / kept',
        `${readAgain} / ${keptAgain}`,
      ),
      info('No-change refresh wall time (s)', againSeconds.toFixed(2)),
    ];
    await worker.stop();
    for (const clusters of opts.pageSizes) {
      figures.push(
        ...(await runFleetPageBenchmark({
          fleet: { ...opts.fleet, clusters },
          connections: opts.connections,
          durationSeconds: opts.durationSeconds,
          memory: true,
          progress: opts.progress,
        })),
      );
    }
    return {
      title: 'Fleet',
      notes: [
        `A sandbox in a worker thread seeded with a fleet (\`seedFleet\`: ${
          opts.fleet.clusters
        } clusters round-robin over ${accounts.length} accounts × ${
          regions.length
        } regions, 5–20 add-ons each, Kubernetes 1.30–1.34, a node group each, Karpenter in about four in ten), ${
          opts.latencyMs
        } ms injected on every AWS and Kubernetes call, and a per-account rate limit like AWS's (token bucket: ${
          opts.rateLimit.requestsPerSecond
        } requests/s, burst ${
          opts.rateLimit.burst ?? opts.rateLimit.requestsPerSecond
        }; ThrottlingException past it). eks-node's FleetCollector reads it on the main thread with its rate limit per account and region set to the account's rate shared by its regions (${Math.floor(
          perRegionRate,
        )} AWS requests/s, evenly spaced); its Kubernetes reads, which go to each cluster's own API server, have a gate of their own (reads in flight per account and region) and do not count against it.`,
        "The minimum set of a full refresh: per account and region, ListClusters (one page per 100 clusters), DescribeClusterVersions once and DescribeAddonVersions once per Kubernetes version in use; per cluster, the health view's minimum (benchmark 1: one call per list the document shows, one Describe* per item, one Kubernetes list per kind) without those two and without GetQueueAttributes (the fleet's clusters have no interruption queue). The time the rate limit allows is that set's AWS calls of the busiest account, less the burst, over the rate (Kubernetes calls are not AWS's to limit); the collector's share per region cannot use another region's unused share, so the busiest region of that account sets its pace. The no-change refresh starts from the full refresh's rows, all within their TTL, with no cluster marked dirty.",
      ],
      figures,
    };
  } finally {
    await worker.stop().catch(() => undefined);
  }
}
