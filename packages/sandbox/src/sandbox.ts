import { FaultInjector } from './faults';
import { listenHttpAndHttps, type DualListener } from './listener';
import { Scheduler } from './scheduler';
import { seedSandbox } from './seed';
import { handleRequest, SandboxRuntime } from './server';
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
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:PORT`: the endpoint of every AWS service. */
  readonly url: string;
  /**
   * `https://127.0.0.1:PORT` (the same port): the base of every cluster's
   * Kubernetes endpoint, `<kubernetesUrl>/k8s/<account>/<region>/<name>`.
   */
  readonly kubernetesUrl: string;
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
  /** Scales state-machine durations from now on. */
  latencyFactor: number;
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
  private readonly writeLog = new WriteLog();
  private readonly scheduler: Scheduler;
  private readonly simulation: KubeSimulation;
  state = new SandboxState();
  url = '';
  kubernetesUrl = '';
  listener?: DualListener;

  constructor(
    private readonly tls: SandboxTls,
    latencyFactor: number,
    private readonly seed: boolean,
    readonly log?: (line: string) => void,
  ) {
    this.scheduler = new Scheduler(latencyFactor);
    this.simulation = new KubeSimulation(this.writeLog, this.scheduler);
  }

  runtime(): SandboxRuntime {
    // getters so that reset() can swap the state under a running server
    const currentState = () => this.state;
    return {
      get state() {
        return currentState();
      },
      scheduler: this.scheduler,
      faults: this.faults,
      writes: this.writeLog,
      simulation: this.simulation,
      baseUrl: () => this.url,
      kubernetesBaseUrl: () => this.kubernetesUrl,
      certificateAuthorityData: Buffer.from(this.tls.caPem).toString('base64'),
      log: this.log,
    };
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

  populate() {
    this.state = new SandboxState();
    if (this.seed) {
      seedSandbox(this.state, this.simulation, {
        baseUrl: this.url,
        kubernetesBaseUrl: this.kubernetesUrl,
        certificateAuthorityData: Buffer.from(this.tls.caPem).toString(
          'base64',
        ),
      });
    }
  }

  private stopClusters() {
    for (const account of this.state.accounts.values()) {
      for (const region of account.regions.values()) {
        for (const cluster of region.eks.clusters.values())
          cluster.kube?.stopProbes();
      }
    }
  }

  async reset() {
    this.scheduler.cancelAll();
    this.stopClusters();
    this.faults.clear();
    this.populate();
    this.writeLog.clear();
  }

  snapshot() {
    return snapshotOf(this.state);
  }

  async stop() {
    this.scheduler.cancelAll();
    this.stopClusters();
    await this.listener?.close();
  }
}

/** `host:port` of a URL, with an IPv6 address in brackets. */
function authority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
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
  const host = opts.host ?? '127.0.0.1';
  const tls = await createSandboxTls([host]);
  const sandbox = new RunningSandbox(
    tls,
    latencyFactor,
    opts.seed ?? true,
    opts.log,
  );
  const runtime = sandbox.runtime();
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
  sandbox.populate();
  return sandbox;
}
