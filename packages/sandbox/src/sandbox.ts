import {
  AccessKeys,
  SANDBOX_SECRET_ACCESS_KEY,
  type ConfiguredAccessKey,
} from './aws/sts/accessKeys';
import { authority, ClusterEndpoints } from './clusterEndpoints';
import { FaultInjector } from './faults';
import {
  builtKube,
  fleetLayout,
  seedFleet,
  type FleetSeedOptions,
} from './fleet';
import { AccountRateLimiter, type AccountRateLimit } from './rateLimit';
import { listenHttpAndHttps, type DualListener } from './listener';
import { Scheduler } from './scheduler';
import { seedSandbox } from './seed';
import { handleClusterRequest, handleRequest, SandboxRuntime } from './server';
import { KubeSimulation } from './simulation/KubeSimulation';
import { SandboxSnapshot, snapshotOf } from './snapshot';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, SandboxState } from './state';
import { createSandboxTls, type SandboxTls } from './tls';
import { SandboxWrite, WriteLog } from './writeLog';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Interface to listen on (default 127.0.0.1). The Kubernetes serving
   * certificate names it besides 127.0.0.1, ::1 and localhost.
   */
  host?: string;
  /** Scales every state-machine duration: 1 = real AWS timings (default 0.02: a cluster takes 12 s). */
  latencyFactor?: number;
  /** Whether to create the default VPC and the demo cluster (default true). */
  seed?: boolean;
  /** Called with one line per request (the CLI prints them). */
  log?: (line: string) => void;
  /**
   * Access keys the sandbox knows besides each account's own (id: the
   * account id, secret: `sandbox`). Signatures are checked with them.
   */
  credentials?: ConfiguredAccessKey[];
  /**
   * Also seeds a fleet: `clusters` ACTIVE clusters over `accounts` ×
   * `regions`, written straight into the state (see `seedFleet`). Kept by
   * `reset()`. Off by default.
   */
  fleet?: FleetSeedOptions;
  /**
   * A request rate limit per account, as AWS's: a token bucket of `burst`
   * requests refilled at `requestsPerSecond`; past it, AWS calls of that
   * account are refused with the service's throttling error. Off by default
   * (also settable later: {@link Sandbox.rateLimit}).
   */
  rateLimit?: AccountRateLimit;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:PORT`: the endpoint of every AWS service. */
  readonly url: string;
  /**
   * `https://127.0.0.1:PORT` (the same port): every cluster's Kubernetes API
   * is also served under `<kubernetesUrl>/k8s/<account>/<region>/<name>`.
   * Its endpoint (DescribeCluster, {@link Sandbox.clusterEndpoint}) is the
   * root of its own listener, as on EKS.
   */
  readonly kubernetesUrl: string;
  /**
   * A cluster's Kubernetes endpoint, `https://127.0.0.1:<its port>` (what
   * DescribeCluster answers once it is ACTIVE); undefined while it has none.
   */
  clusterEndpoint(
    name: string,
    where?: { accountId?: string; region?: string },
  ): string | undefined;
  /** Account 000000000000's own access key, which signs what the sandbox checks. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * PEM of this sandbox's CA, generated at start: it signs the Kubernetes
   * serving certificate, and every cluster's `certificateAuthority.data` is
   * its base64.
   */
  readonly certificateAuthority: string;
  readonly accountId: string;
  readonly region: string;
  /** Every mutating call, AWS and Kubernetes, in order. */
  readonly writes: SandboxWrite[];
  clearWrites(): void;
  readonly faults: FaultInjector;
  /**
   * The per-account request rate limit: `set({requestsPerSecond, burst})`
   * turns it on, `set(undefined)` off.
   */
  readonly rateLimit: AccountRateLimiter;
  /** Scales state-machine durations from now on. */
  latencyFactor: number;
  /**
   * Moves a cluster's recorded past `ms` into the past, as if that much time
   * had passed: its createdAt, its updates' createdAt and completion (the
   * rollback window counts from it) and the deprecated API requests its
   * Kubernetes API served. E.g. `ageCluster('shop', 8 * 86_400_000)` closes
   * the rollback window of an upgrade that just completed. False when there is
   * no such cluster.
   */
  ageCluster(
    name: string,
    ms: number,
    where?: { accountId?: string; region?: string },
  ): boolean;
  /** Back to the seeded state (pending transitions are cancelled, faults and writes cleared). */
  reset(): Promise<void>;
  snapshot(): SandboxSnapshot;
  stop(): Promise<void>;
  /** The state itself, for tests that need to look deeper than the snapshot. */
  readonly state: SandboxState;
}

export const DEFAULT_LATENCY_FACTOR = 0.02;

class RunningSandbox implements Sandbox {
  readonly accountId = DEFAULT_ACCOUNT_ID;
  readonly region = DEFAULT_REGION;
  readonly faults = new FaultInjector();
  readonly rateLimit = new AccountRateLimiter();
  private readonly writeLog = new WriteLog();
  private readonly scheduler: Scheduler;
  private readonly simulation: KubeSimulation;
  readonly accessKeys: AccessKeys;
  readonly clusterEndpoints: ClusterEndpoints;
  readonly credentials = {
    accessKeyId: DEFAULT_ACCOUNT_ID,
    secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
  };
  state = new SandboxState();
  url = '';
  kubernetesUrl = '';
  listener?: DualListener;

  readonly runtime: SandboxRuntime;

  constructor(
    private readonly tls: SandboxTls,
    host: string,
    latencyFactor: number,
    private readonly seed: boolean,
    credentials: ConfiguredAccessKey[],
    readonly log?: (line: string) => void,
    private readonly fleet?: FleetSeedOptions,
  ) {
    this.scheduler = new Scheduler(latencyFactor);
    this.simulation = new KubeSimulation(this.writeLog, this.scheduler);
    this.accessKeys = new AccessKeys(credentials);
    this.clusterEndpoints = new ClusterEndpoints(
      host,
      tls,
      (cluster, req, res) => {
        void handleClusterRequest(this.runtime, cluster, req, res);
      },
    );
    // getters so that reset() can swap the state under a running server
    const currentState = () => this.state;
    this.runtime = {
      get state() {
        return currentState();
      },
      scheduler: this.scheduler,
      faults: this.faults,
      rateLimit: this.rateLimit,
      writes: this.writeLog,
      simulation: this.simulation,
      baseUrl: () => this.url,
      clusterEndpoints: this.clusterEndpoints,
      accessKeys: this.accessKeys,
      certificateAuthorityData: Buffer.from(this.tls.caPem).toString('base64'),
      log: this.log,
    };
  }

  clusterEndpoint(
    name: string,
    where: { accountId?: string; region?: string } = {},
  ): string | undefined {
    const cluster = this.state.accounts
      .get(where.accountId ?? this.accountId)
      ?.regions.get(where.region ?? this.region)
      ?.eks.clusters.get(name);
    return cluster?.status === 'CREATING' ? undefined : cluster?.endpoint;
  }

  ageCluster(
    name: string,
    ms: number,
    where: { accountId?: string; region?: string } = {},
  ): boolean {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ms must be a finite number >= 0, got ${ms}`);
    }
    const cluster = this.state.accounts
      .get(where.accountId ?? this.accountId)
      ?.regions.get(where.region ?? this.region)
      ?.eks.clusters.get(name);
    if (!cluster) return false;
    const back = (d: Date) => new Date(d.getTime() - ms);
    cluster.createdAt = back(cluster.createdAt);
    for (const update of cluster.updates) {
      update.createdAt = back(update.createdAt);
      if (update.completedAt) update.completedAt = back(update.completedAt);
    }
    cluster.kube?.deprecatedApiUsage.age(ms);
    return true;
  }

  get certificateAuthority() {
    return this.tls.caPem;
  }

  get writes() {
    return this.writeLog.entries;
  }

  clearWrites() {
    this.writeLog.clear();
  }

  get latencyFactor() {
    return this.scheduler.latencyFactor;
  }

  set latencyFactor(value: number) {
    Scheduler.check(value);
    this.scheduler.latencyFactor = value;
  }

  async populate() {
    await this.clusterEndpoints.closeAll();
    this.state = new SandboxState();
    if (this.seed) {
      seedSandbox(this.state, this.simulation, {
        baseUrl: this.url,
        clusterEndpoints: this.clusterEndpoints,
        accessKeys: this.accessKeys,
        certificateAuthorityData: Buffer.from(this.tls.caPem).toString(
          'base64',
        ),
      });
    }
    if (this.fleet) {
      seedFleet(
        {
          state: this.state,
          simulation: this.simulation,
          kubernetesUrl: this.kubernetesUrl,
          certificateAuthorityData: Buffer.from(this.tls.caPem).toString(
            'base64',
          ),
        },
        this.fleet,
      );
    }
    await this.clusterEndpoints.settled();
  }

  private stopClusters() {
    for (const account of this.state.accounts.values()) {
      for (const region of account.regions.values()) {
        for (const cluster of region.eks.clusters.values())
          builtKube(cluster)?.stopProbes();
      }
    }
  }

  async reset() {
    this.scheduler.cancelAll();
    this.stopClusters();
    this.faults.clear();
    this.faults.resetInjected();
    await this.populate();
    this.writeLog.clear();
  }

  snapshot() {
    return snapshotOf(this.state);
  }

  async stop() {
    this.scheduler.cancelAll();
    this.stopClusters();
    await this.clusterEndpoints.closeAll();
    await this.listener?.close();
  }
}

/**
 * Starts a sandbox and seeds it: AWS over HTTP and the clusters' Kubernetes
 * APIs over HTTPS (a fresh CA per sandbox), both on one port.
 */
export async function startSandbox(
  opts: SandboxOptions = {},
): Promise<Sandbox> {
  const latencyFactor = opts.latencyFactor ?? DEFAULT_LATENCY_FACTOR;
  Scheduler.check(latencyFactor);
  if (opts.fleet) fleetLayout(opts.fleet);
  new AccountRateLimiter().set(opts.rateLimit);
  const host = opts.host ?? '127.0.0.1';
  const tls = await createSandboxTls([host]);
  const sandbox = new RunningSandbox(
    tls,
    host,
    latencyFactor,
    opts.seed ?? true,
    opts.credentials ?? [],
    opts.log,
    opts.fleet,
  );
  if (opts.rateLimit) sandbox.rateLimit.set(opts.rateLimit);
  const runtime = sandbox.runtime;
  sandbox.listener = await listenHttpAndHttps({
    port: opts.port ?? 0,
    host,
    tls,
    handler: (req, res) => {
      void handleRequest(runtime, req, res);
    },
  });
  const where = authority(host, sandbox.listener.port);
  sandbox.url = `http://${where}`;
  sandbox.kubernetesUrl = `https://${where}`;
  await sandbox.populate();
  return sandbox;
}
