import { paginateListClusters } from '@aws-sdk/client-eks';
import type {
  FleetClusterRow,
  FleetRegionStatus,
} from '@backstage-eks/plugin-eks-common';
import { fleetRowKey } from '@backstage-eks/plugin-eks-common';
import type {
  FleetRefresh,
  FleetRefreshInput,
  FleetRegionRefresh,
  FleetRegionRefreshStats,
  FleetTarget,
} from './types';
import pLimit from 'p-limit';
import type { AwsClientFactory, AwsClients } from '../aws/AwsClientFactory';
import {
  ClusterHealthService,
  type ClusterHealthServiceOptions,
} from '../health/ClusterHealthService';
import { sanitizeErrorMessage } from '../health/sources/section';
import { collectPages } from '../health/sources/pages';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import {
  fleetRowFromHealth,
  placeholderFleetRow,
  type FleetRowSource,
} from './fleetRow';
import {
  AccountRegionRateLimiter,
  DEFAULT_FLEET_KUBERNETES_CONCURRENCY,
  DEFAULT_FLEET_RATE_LIMIT,
  KubernetesReadLimiter,
  type FleetRateLimit,
} from './rateLimit';

/** Options of {@link FleetCollector}. @public */
export interface FleetCollectorOptions {
  /**
   * Where the collector's clients come from: it makes clients of its own
   * with the same settings, rate-limited ({@link AwsClientFactory.withRequestGate}).
   */
  awsClients: AwsClientFactory;
  kubernetesClients?: KubernetesClientFactory;
  /** AWS requests per account and region (default {@link DEFAULT_FLEET_RATE_LIMIT}). */
  rateLimit?: FleetRateLimit;
  /**
   * Kubernetes reads in flight per account and region (default
   * {@link DEFAULT_FLEET_KUBERNETES_CONCURRENCY}); they do not count against
   * `rateLimit`.
   */
  kubernetesConcurrency?: number;
  /** A row older than this is read again (default {@link DEFAULT_FLEET_DETAIL_TTL_MS}). */
  detailTtlMs?: number;
  /**
   * The share of the TTL by which rows expire early, spread over the
   * clusters by their key (default 0.25): rows read at the same time do
   * not all expire at the same refresh.
   */
  ttlJitter?: number;
  /** Clusters read at once per account and region (default 4); the rate limit applies on top. */
  clusterConcurrency?: number;
  /**
   * Options of the health service that reads each cluster; its time limit
   * per AWS call is extended by the longest wait the rate limit may impose.
   */
  health?: Omit<
    ClusterHealthServiceOptions,
    'awsClients' | 'kubernetesClients' | 'kubernetesReadGate'
  >;
  /** The clock (tests). */
  now?: () => Date;
}

/** One hour: how long a cluster's row is kept before its details are read again. @public */
export const DEFAULT_FLEET_DETAIL_TTL_MS = 60 * 60 * 1000;

/**
 * Requests a cluster's read sends, as budgeted for the wait in the rate
 * limiter (the seeded demo cluster sends 42; one with 60 add-ons about 100).
 */
const REQUESTS_PER_CLUSTER = 128;

/**
 * How long a request may wait for its turn when `concurrency` clusters are
 * read at once: their requests, ahead of it, at the limit's pace.
 */
function queueWaitAllowanceMs(limit: FleetRateLimit, concurrency: number) {
  return (
    Math.ceil((concurrency * REQUESTS_PER_CLUSTER) / limit.intervalCap) *
    limit.intervalMs
  );
}

/** FNV-1a of a string, as a number in [0, 1): the same key always gives the same share. */
function spread(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

function messageOf(error: unknown): string {
  return sanitizeErrorMessage(
    error instanceof Error ? error.message : String(error),
  );
}

/**
 * The fleet's only reader of AWS and Kubernetes: per account and region it
 * lists the clusters (ListClusters) and reads the details of those that
 * need it (new, dirty, older than the TTL, or failed last time) with the
 * {@link ClusterHealthService} the entity page uses; a row is
 * {@link fleetRowFromHealth} of the cluster's health document. Every AWS
 * request of an account and region waits its turn in that account and
 * region's rate limiter; Kubernetes reads, which go to each cluster's own
 * API server, wait only for a turn among the account and region's
 * Kubernetes reads in flight. A region whose listing fails
 * keeps its previous rows and reports its error; a cluster whose read fails
 * keeps its previous row with `error`.
 *
 * @public
 */
export class FleetCollector {
  /** The rate limiter every AWS request of the collector goes through. */
  readonly limiter: AccountRegionRateLimiter;
  /** The gate of the collector's Kubernetes reads. */
  readonly kubernetesLimiter: KubernetesReadLimiter;
  private readonly aws: AwsClientFactory;
  private readonly health: ClusterHealthService;
  private readonly ttlMs: number;
  private readonly jitter: number;
  private readonly concurrency: number;
  private readonly now: () => Date;

  constructor(options: FleetCollectorOptions) {
    this.limiter = new AccountRegionRateLimiter(
      options.rateLimit ?? DEFAULT_FLEET_RATE_LIMIT,
    );
    this.kubernetesLimiter = new KubernetesReadLimiter(
      options.kubernetesConcurrency ?? DEFAULT_FLEET_KUBERNETES_CONCURRENCY,
    );
    this.aws = options.awsClients.withRequestGate(this.limiter.acquire);
    this.concurrency = Math.max(1, options.clusterConcurrency ?? 4);
    // An AWS call's time limit counts its wait for the rate limit: allow for
    // the requests of the clusters read at once ahead of it. (A Kubernetes
    // read's wait for its turn is outside its time limit.)
    const wait = queueWaitAllowanceMs(this.limiter.limit, this.concurrency);
    this.health = new ClusterHealthService({
      ...options.health,
      awsTimeoutMs: (options.health?.awsTimeoutMs ?? 15000) + wait,
      awsClients: this.aws,
      kubernetesClients:
        options.kubernetesClients ?? new KubernetesClientFactory(),
      kubernetesReadGate: this.kubernetesLimiter.run,
    });
    this.ttlMs = options.detailTtlMs ?? DEFAULT_FLEET_DETAIL_TTL_MS;
    this.jitter = Math.min(Math.max(options.ttlJitter ?? 0.25, 0), 1);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Whether a row's details are due to be read again: it failed last time,
   * or it is older than the TTL shortened by its key's share of the jitter.
   */
  isDue(row: FleetClusterRow, now: Date = this.now()): boolean {
    if (row.error) return true;
    const ttl = this.ttlMs * (1 - this.jitter * spread(fleetRowKey(row)));
    return now.getTime() - Date.parse(row.refreshedAt) >= ttl;
  }

  /** Refreshes every target's account and region at once (each under its own rate limit). */
  async refresh(
    targets: readonly FleetTarget[],
    input: FleetRefreshInput = {},
  ): Promise<FleetRefresh> {
    const results = await Promise.all(
      targets.map(target => this.refreshRegion(target, input)),
    );
    return {
      rows: results.flatMap(r => r.rows),
      regions: results.map(r => r.status),
      stats: Object.fromEntries(
        results.map(r => [`${r.status.accountId}/${r.status.region}`, r.stats]),
      ),
      dirtyRead: results.flatMap(r => r.dirtyRead),
    };
  }

  /**
   * Refreshes one account and region: lists its clusters, reads the
   * details of those due, keeps the other rows as they were, drops the
   * clusters no longer listed.
   */
  async refreshRegion(
    target: FleetTarget,
    input: FleetRefreshInput = {},
  ): Promise<FleetRegionRefresh> {
    const attemptAt = this.now();
    let aws: AwsClients | undefined;
    let names: string[];
    try {
      aws = await this.aws.forTarget({
        region: target.region,
        accountId: target.accountId,
      });
      names = await collectPages(
        paginateListClusters({ client: aws.eks }, {}),
        page => page.clusters,
      );
    } catch (error) {
      return this.failedRegion(
        target,
        aws?.target.accountId ?? target.accountId ?? '',
        attemptAt,
        messageOf(error),
        input,
      );
    }
    const accountId = aws.target.accountId;
    const region = aws.target.region;
    const previous = this.previousOf(accountId, region, input);
    const previousByName = new Map(previous.rows.map(r => [r.name, r]));
    const stats: FleetRegionRefreshStats = {
      listed: names.length,
      read: 0,
      kept: 0,
      failed: 0,
      dropped: [...previousByName.keys()].filter(n => !names.includes(n))
        .length,
    };
    const dirtyRead: string[] = [];
    const rows = await pLimit(this.concurrency).map(
      [...names].sort(),
      async (name): Promise<FleetClusterRow | undefined> => {
        const before = previousByName.get(name);
        const key = fleetRowKey({ accountId, region, name });
        const dirty = input.dirty?.has(key) === true;
        if (before && !dirty && !this.isDue(before, attemptAt)) {
          stats.kept += 1;
          return before;
        }
        stats.read += 1;
        if (dirty) dirtyRead.push(key);
        const read = await this.readCluster(
          {
            accountId,
            region,
            name,
            owner: target.owner,
            system: target.system,
          },
          before,
        );
        if (read.outcome === 'failed') stats.failed += 1;
        if (read.outcome === 'gone') stats.dropped += 1;
        return read.row;
      },
    );
    const kept = rows.filter((r): r is FleetClusterRow => r !== undefined);
    return {
      status: {
        accountId,
        region,
        lastSuccessAt: attemptAt.toISOString(),
        lastAttemptAt: attemptAt.toISOString(),
        clusterCount: kept.length,
      },
      rows: kept,
      stats,
      dirtyRead,
    };
  }

  /** A cluster's new row, or its previous one with the error, or none when it is gone. */
  private async readCluster(
    source: FleetRowSource,
    before: FleetClusterRow | undefined,
  ): Promise<{ row?: FleetClusterRow; outcome: 'read' | 'failed' | 'gone' }> {
    const failed = (message: string, fallback: FleetClusterRow) => ({
      row: { ...(before ?? fallback), error: message },
      outcome: 'failed' as const,
    });
    // the row is as old as the start of its read, by the collector's clock
    const refreshedAt = this.now().toISOString();
    let health;
    try {
      health = await this.health.getClusterHealth({
        accountId: source.accountId,
        region: source.region,
        clusterName: source.name,
      });
    } catch (error) {
      return failed(messageOf(error), placeholderFleetRow(source, refreshedAt));
    }
    if (!health.cluster.data) {
      // deleted between the listing and the read
      if (health.verdict.kind === 'gone') return { outcome: 'gone' };
      return failed(
        `${health.cluster.error?.source ?? 'eks:DescribeCluster'}: ${
          health.cluster.error?.message ?? 'the cluster could not be read'
        }`,
        fleetRowFromHealth(health, source, { refreshedAt }),
      );
    }
    return {
      row: fleetRowFromHealth(health, source, { refreshedAt }),
      outcome: 'read',
    };
  }

  private previousOf(
    accountId: string,
    region: string,
    input: FleetRefreshInput,
  ): { rows: FleetClusterRow[]; status?: FleetRegionStatus } {
    return {
      rows: (input.previous?.rows ?? []).filter(
        r => r.accountId === accountId && r.region === region,
      ),
      status: input.previous?.regions.find(
        s => s.accountId === accountId && s.region === region,
      ),
    };
  }

  private failedRegion(
    target: FleetTarget,
    accountId: string,
    attemptAt: Date,
    message: string,
    input: FleetRefreshInput,
  ): FleetRegionRefresh {
    const previous = this.previousOf(accountId, target.region, input);
    return {
      status: {
        accountId,
        region: target.region,
        ...(previous.status?.lastSuccessAt
          ? { lastSuccessAt: previous.status.lastSuccessAt }
          : {}),
        lastAttemptAt: attemptAt.toISOString(),
        error: message,
        clusterCount: previous.rows.length,
      },
      rows: previous.rows,
      stats: {
        listed: 0,
        read: 0,
        kept: previous.rows.length,
        failed: 0,
        dropped: 0,
      },
      dirtyRead: [],
    };
  }
}
