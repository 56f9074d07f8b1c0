import type { MetadataBearer } from '@smithy/types';
import {
  createCluster,
  createPodIdentity,
  DEFAULT_WAIT_SETTINGS,
  installAddons,
  installKarpenter,
  KubernetesClientFactory,
  ProvisioningRun,
  SpawnHelmRunner,
  type AwsClients,
  type ProgressLogger,
  type WaitSettings,
} from '@backstage-eks/plugin-eks-node';
import {
  DURATIONS,
  SANDBOX_HELM_PATH,
  type Sandbox,
} from '@backstage-eks/sandbox';
import { sandboxAwsClients } from './clusters';
import { atMost, info, type BenchmarkResult } from './report';
import type { SandboxCall, SandboxCallLog } from './sandboxCalls';

/** One step of the full stack, what it waits on, and what it needs first. */
export interface StackStep {
  name: string;
  /** Base (real AWS) duration of the state transition it waits for, in ms. */
  baseMs: number;
  after: string[];
}

/**
 * The full stack as its parts depend on each other: the node group needs an
 * ACTIVE cluster; add-ons need nodes for their pods; Karpenter (its
 * controller's credentials) and the Pod Identity associations (their pods'
 * credentials) need the Pod Identity agent, as does an add-on with Pod
 * Identity. Karpenter's controller becomes available as soon as its pods run
 * on the node group, and an association is ACTIVE when created: no
 * state-machine time of their own.
 */
export const FULL_STACK_STEPS: StackStep[] = [
  { name: 'cluster', baseMs: DURATIONS.clusterCreate, after: [] },
  { name: 'node group', baseMs: DURATIONS.nodegroupCreate, after: ['cluster'] },
  {
    name: 'add-on eks-pod-identity-agent',
    baseMs: DURATIONS.addonCreate,
    after: ['node group'],
  },
  {
    name: 'add-ons (5, in parallel)',
    baseMs: DURATIONS.addonCreate,
    after: ['add-on eks-pod-identity-agent'],
  },
  { name: 'Karpenter', baseMs: 0, after: ['add-on eks-pod-identity-agent'] },
  {
    name: 'Pod Identity associations (3)',
    baseMs: 0,
    after: ['add-on eks-pod-identity-agent'],
  },
];

/** The longest chain of durations through the steps (scaled), and the chain. */
export function criticalPath(
  steps: StackStep[],
  latencyFactor: number,
): { ms: number; chain: string[] } {
  const byName = new Map(steps.map(s => [s.name, s]));
  const memo = new Map<string, { ms: number; chain: string[] }>();
  const finish = (name: string): { ms: number; chain: string[] } => {
    const cached = memo.get(name);
    if (cached) return cached;
    const step = byName.get(name);
    if (!step) throw new Error(`unknown step ${name}`);
    let before = { ms: 0, chain: [] as string[] };
    for (const dependency of step.after) {
      const f = finish(dependency);
      if (f.ms > before.ms || before.chain.length === 0) before = f;
    }
    const result = {
      ms: before.ms + step.baseMs * latencyFactor,
      chain: [...before.chain, name],
    };
    memo.set(name, result);
    return result;
  };
  return steps.map(s => finish(s.name)).reduce((a, b) => (b.ms > a.ms ? b : a));
}

/**
 * Counts the polls made while a wait is open: the ProvisioningRun's logger
 * says when a wait starts and ends ("Waiting for X", "X: done after"), and
 * each Describe* (or Kubernetes read) of the awaited resource meanwhile is
 * one poll.
 */
export class PollCounter {
  private readonly open = new Set<string>();
  readonly polls = new Map<string, number>();
  readonly waits: string[] = [];
  /** How long each wait took, in ms. */
  readonly waitMs = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();

  readonly logger: ProgressLogger = {
    info: message => this.onMessage(message),
    warn: message => this.onMessage(message),
  };

  private onMessage(message: string) {
    const started = /^Waiting for (.+) \(timeout \d+(\.\d+)?s\)$/.exec(message);
    if (started) {
      this.open.add(started[1]);
      this.waits.push(started[1]);
      this.startedAt.set(started[1], performance.now());
      return;
    }
    const ended = /^(.+): (done|gave up) after /.exec(message);
    if (ended) {
      const what = ended[1].charAt(0).toLowerCase() + ended[1].slice(1);
      this.open.delete(what);
      this.waitMs.set(
        what,
        performance.now() - (this.startedAt.get(what) ?? performance.now()),
      );
    }
  }

  /** Records a read of `what` (the wait's own words) if a wait on it is open. */
  read(what: string) {
    if (this.open.has(what)) {
      this.polls.set(what, (this.polls.get(what) ?? 0) + 1);
    }
  }

  get total(): number {
    return [...this.polls.values()].reduce((a, b) => a + b, 0);
  }
}

/** What a Describe* call reads, in the words of the wait on it. */
export function awaitedBy(
  commandName: string,
  input: Record<string, unknown>,
): string | undefined {
  switch (commandName) {
    case 'DescribeClusterCommand':
      return `cluster ${input.name} to become ACTIVE`;
    case 'DescribeNodegroupCommand':
      return `node group ${input.nodegroupName} to become ACTIVE`;
    case 'DescribeAddonCommand':
      return `add-on ${input.addonName} to become ACTIVE`;
    default:
      return undefined;
  }
}

const KARPENTER_WAIT =
  'the Karpenter controller Deployment to become available';

function isKarpenterDeploymentRead(call: SandboxCall): boolean {
  return (
    call.service === 'kubernetes' &&
    /^GET \/apis\/apps\/v1\/namespaces\/[^/]+\/deployments\/karpenter$/.test(
      call.operation,
    )
  );
}

function countDescribes(aws: AwsClients, counter: PollCounter) {
  aws.eks.middlewareStack.add(
    (next, context) => async args => {
      const result = await next(args);
      const what = awaitedBy(
        context.commandName ?? '',
        args.input as Record<string, unknown>,
      );
      if (what) counter.read(what);
      return result as { output: MetadataBearer; response: unknown };
    },
    { step: 'initialize', name: 'benchPollCounter' },
  );
}

/** Options of {@link runProvisioningBenchmark}. */
export interface ProvisioningBenchmarkOptions {
  latencyFactor: number;
  log: SandboxCallLog;
  progress: (line: string) => void;
}

/**
 * Benchmark 2: a cluster with a node group, 6 add-ons, Karpenter and 3 Pod
 * Identity associations through the eks-node flows (what the actions run),
 * each started as soon as what it needs is there.
 */
export async function runProvisioningBenchmark(
  sandbox: Sandbox,
  opts: ProvisioningBenchmarkOptions,
): Promise<BenchmarkResult> {
  const F = opts.latencyFactor;
  const aws = await sandboxAwsClients(sandbox);
  const counter = new PollCounter();
  countDescribes(aws, counter);
  opts.log.onCall = call => {
    if (isKarpenterDeploymentRead(call)) counter.read(KARPENTER_WAIT);
  };
  // The product's default poll delays, scaled like the sandbox.
  const wait: Partial<WaitSettings> = {
    minDelaySeconds: DEFAULT_WAIT_SETTINGS.minDelaySeconds * F,
    maxDelaySeconds: DEFAULT_WAIT_SETTINGS.maxDelaySeconds * F,
    typicalDurationFactor: F,
    timeoutSeconds: 600,
  };
  const run = new ProvisioningRun({ aws, wait, logger: counter.logger });
  const kubernetes = new KubernetesClientFactory();
  const helm = new SpawnHelmRunner({ helmPath: SANDBOX_HELM_PATH });
  const clusterName = 'bench-full-stack';
  const previousFactor = sandbox.latencyFactor;
  sandbox.latencyFactor = F;
  const started = performance.now();
  try {
    opts.progress(`provisioning ${clusterName} (latency factor ${F})`);
    await createCluster(run, {
      clusterName,
      owner: 'platform',
      nodeGroup: {
        name: 'system',
        instanceTypes: ['m7i.large'],
        minSize: 2,
        maxSize: 4,
        desiredSize: 2,
      },
    });
    opts.progress(`cluster and node group ACTIVE after ${elapsed(started)}`);
    await installAddons(run, {
      clusterName,
      addons: [{ name: 'eks-pod-identity-agent' }],
    });
    opts.progress(`Pod Identity agent ACTIVE after ${elapsed(started)}`);
    await Promise.all([
      installAddons(run, {
        clusterName,
        addons: [
          { name: 'vpc-cni' },
          { name: 'coredns' },
          { name: 'kube-proxy' },
          { name: 'metrics-server' },
          { name: 'aws-ebs-csi-driver', podIdentity: 'recommended' },
        ],
      }),
      installKarpenter(run, { clusterName }, { kubernetes, helm }),
      ...['orders', 'payments', 'reports'].map(app =>
        createPodIdentity(
          run,
          {
            clusterName,
            namespace: app,
            serviceAccount: app,
            managedPolicyArns: [
              'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
            ],
          },
          { kubernetes },
        ),
      ),
    ]);
  } finally {
    sandbox.latencyFactor = previousFactor;
    opts.log.onCall = undefined;
  }
  const wallMs = performance.now() - started;
  opts.progress(`full stack done after ${elapsed(started)}`);
  const path = criticalPath(FULL_STACK_STEPS, F);
  const minimumPolls = counter.waits.length;
  const pollDetails = counter.waits
    .map(
      what =>
        `${what}: ${counter.polls.get(what) ?? 0} polls in ${(
          (counter.waitMs.get(what) ?? 0) / 1000
        ).toFixed(1)} s`,
    )
    .join('; ');
  return {
    title: 'Full-stack provisioning',
    notes: [
      `A cluster with a managed node group, 6 add-ons (eks-pod-identity-agent, vpc-cni, coredns, kube-proxy, metrics-server, aws-ebs-csi-driver with recommended Pod Identity), Karpenter (sandbox helm stand-in) and 3 Pod Identity associations, through the eks-node flows the actions run (createCluster, installAddons, installKarpenter, createPodIdentity), each started as soon as what it needs is there. Sandbox latency factor ${F} (every state-machine duration × ${F}); the flows poll with the product's default delays (DEFAULT_WAIT_SETTINGS: ${DEFAULT_WAIT_SETTINGS.minDelaySeconds}–${DEFAULT_WAIT_SETTINGS.maxDelaySeconds} s) and typical creation times (TYPICAL_CREATE_SECONDS, the sandbox's durations) scaled by the same factor: a wait on what the flow just created polls first so that its third poll falls 1% after the typical time, then 5% of that time apart (at least the shortest delay; pollSchedule).`,
      `Critical path, from the sandbox's DURATIONS × ${F} and the dependency order (node group after the cluster; add-ons after the nodes their pods run on; Karpenter, Pod Identity and the add-on with Pod Identity after the Pod Identity agent): ${path.chain.join(
        ' → ',
      )} = ${(path.ms / 1000).toFixed(1)} s.`,
      `Describe polls are the Describe* calls (and Kubernetes reads of the Karpenter Deployment) made while a wait on that resource was open; a perfect waiter, knowing when each resource becomes ready, would poll once per wait (${minimumPolls} waits). Polls per wait: ${pollDetails}.`,
    ],
    figures: [
      info('Wall time (s)', (wallMs / 1000).toFixed(1)),
      info('Critical path (s)', (path.ms / 1000).toFixed(1)),
      atMost('Wall time / critical path', wallMs / path.ms, 1.05),
      info(
        'Describe polls while waiting (minimum: one per wait)',
        `${counter.total} (minimum ${minimumPolls})`,
      ),
      atMost(
        'Describe polls / minimum',
        counter.total / Math.max(1, minimumPolls),
        3,
      ),
    ],
  };
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
