import type { MetadataBearer } from '@smithy/types';
import {
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeInsightsRefreshCommand,
} from '@aws-sdk/client-eks';
import {
  nextKubernetesVersion,
  previousKubernetesVersion,
} from '@backstage-eks/plugin-eks-common';
import {
  createCluster,
  DEFAULT_WAIT_SETTINGS,
  installAddons,
  installKarpenter,
  KubernetesClientFactory,
  provisioningKubernetesClients,
  ProvisioningRun,
  SpawnHelmRunner,
  upgradeCluster,
  type AwsClients,
  type KubernetesClients,
  type UpgradeClusterResult,
  type WaitSettings,
} from '@backstage-eks/plugin-eks-node';
import {
  DURATIONS,
  SANDBOX_HELM_PATH,
  type Sandbox,
} from '@backstage-eks/sandbox';
import { sandboxAwsClients } from './clusters';
import { criticalPath, PollCounter, type StackStep } from './provisioning';
import { atMost, info, type BenchmarkResult } from './report';
import type { SandboxCallLog } from './sandboxCalls';

/** The add-ons of the upgraded cluster: the core four and two more. */
export const UPGRADE_BENCH_ADDONS = [
  'eks-pod-identity-agent',
  'vpc-cni',
  'coredns',
  'kube-proxy',
  'metrics-server',
  'snapshot-controller',
];

/**
 * Base (real AWS) durations of what an upgrade waits for, in ms: the
 * sandbox's state machines (DURATIONS, at latency factor 1).
 */
export interface UpgradeDurations {
  insightsRefresh: number;
  controlPlane: number;
  addonUpdate: number;
  nodegroupUpdate: number;
  karpenterDrift: number;
}

/** What the run did that the critical path depends on. */
export interface UpgradePhases {
  /** Add-ons the target does not support were updated before the control plane. */
  addonsBeforeControlPlane: boolean;
  /**
   * The insights were refreshed again after those changes, before the
   * control plane (EKS judges an upgrade by the insights as last refreshed).
   */
  refreshAfterChanges: boolean;
  /** Add-ons were updated after the control plane (in parallel). */
  addonsAfterControlPlane: number;
  nodegroups: number;
  /** Karpenter nodes were replaced through drift. */
  karpenterDrift: boolean;
}

/**
 * The upgrade's unavoidable waits, one after the other, as the upgrade must
 * order them: the insights refresh (the preflight reads fresh insights),
 * the add-ons the target does not support (before the control plane, in
 * parallel) and a second refresh after them when the run made one (EKS
 * judges the upgrade by the insights as last refreshed: those the changes
 * fixed must not still block it), the control plane's version update, the add-ons to the
 * target's version (in parallel: the slowest counts once), the managed node
 * groups' version update (in parallel) and the Karpenter nodes replaced
 * through drift once the control plane runs the new version.
 */
export function upgradeSteps(
  durations: UpgradeDurations,
  phases: UpgradePhases,
): StackStep[] {
  const steps: StackStep[] = [];
  const then = (name: string, baseMs: number) => {
    const previous = steps.at(-1);
    steps.push({ name, baseMs, after: previous ? [previous.name] : [] });
  };
  then('insights refresh', durations.insightsRefresh);
  if (phases.addonsBeforeControlPlane) {
    then('add-ons the target does not support', durations.addonUpdate);
  }
  if (phases.refreshAfterChanges) {
    then('insights refresh after those changes', durations.insightsRefresh);
  }
  then('control plane', durations.controlPlane);
  if (phases.addonsAfterControlPlane > 0) {
    then(
      `add-ons (${phases.addonsAfterControlPlane}, in parallel)`,
      durations.addonUpdate,
    );
  }
  if (phases.nodegroups > 0) {
    then(
      `node group${phases.nodegroups > 1 ? 's (in parallel)' : ''}`,
      durations.nodegroupUpdate,
    );
  }
  if (phases.karpenterDrift) then('Karpenter drift', durations.karpenterDrift);
  return steps;
}

/** What an upgrade's Describe* call reads, in the words of the wait on it. */
export function awaitedByUpgrade(
  commandName: string,
  input: Record<string, unknown>,
  waits: string[],
): string | undefined {
  const open = (pattern: RegExp) => waits.find(w => pattern.test(w));
  switch (commandName) {
    case 'DescribeInsightsRefreshCommand':
      return open(/insights refresh/i);
    case 'DescribeUpdateCommand':
      // the waits on an update name its id
      return waits.find(w => w.includes(`update ${input.updateId}`));
    case 'DescribeAddonCommand':
      return open(new RegExp(`add-on ${input.addonName}\\b`));
    case 'DescribeNodegroupCommand':
      return open(new RegExp(`node group ${input.nodegroupName}\\b`));
    default:
      return undefined;
  }
}

/** Options of {@link runUpgradeBenchmark}. */
export interface UpgradeBenchmarkOptions {
  latencyFactor: number;
  log: SandboxCallLog;
  progress: (line: string) => void;
  /**
   * The durations the critical path is made of (the sandbox's), but for the
   * insights refresh, which the sandbox reports itself (DescribeInsightsRefresh).
   */
  durations: Omit<UpgradeDurations, 'insightsRefresh'>;
}

const KARPENTER_NODE_LABEL = 'karpenter.sh/nodepool';

/** Nodes Karpenter launched (they carry their NodePool's label). */
async function karpenterNodes(kube: KubernetesClients): Promise<string[]> {
  return (await karpenterNodeVersions(kube)).map(n => n.name);
}

/** Karpenter's nodes with their kubelet versions. */
async function karpenterNodeVersions(
  kube: KubernetesClients,
): Promise<{ name: string; kubelet: string }[]> {
  const nodes = await kube.core.listNode({
    labelSelector: KARPENTER_NODE_LABEL,
  });
  return nodes.items.map(n => ({
    name: n.metadata?.name ?? '',
    kubelet: n.status?.nodeInfo?.kubeletVersion ?? '',
  }));
}

/**
 * A workload the node group cannot hold (4 × 1.5 vCPU on two 2-vCPU
 * nodes), so that Karpenter launches nodes of its own: those are what the
 * upgrade's drift replaces.
 */
async function arrangeKarpenterNodes(kube: KubernetesClients) {
  await kube.apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench-inflate', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'bench-inflate' } },
        template: {
          metadata: { labels: { app: 'bench-inflate' } },
          spec: {
            containers: [
              {
                name: 'pause',
                image: 'public.ecr.aws/eks-distro/kubernetes/pause:3.10',
                resources: { requests: { cpu: '1500m', memory: '1Gi' } },
              },
            ],
          },
        },
      },
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const nodes = await karpenterNodes(kube);
    if (nodes.length > 0) return nodes;
    if (Date.now() > deadline) {
      throw new Error('Karpenter launched no node for the bench workload');
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Counts Describe* polls of the upgrade's waits (see PollCounter). */
function countUpgradePolls(aws: AwsClients, counter: PollCounter) {
  aws.eks.middlewareStack.add(
    (next, context) => async args => {
      const result = await next(args);
      const what = awaitedByUpgrade(
        context.commandName ?? '',
        args.input as Record<string, unknown>,
        counter.waits,
      );
      if (what) counter.read(what);
      return result as { output: MetadataBearer; response: unknown };
    },
    { step: 'initialize', name: 'benchUpgradePollCounter' },
  );
}

/**
 * Benchmark 4: a cluster with a managed node group, 6 add-ons, Karpenter and
 * Karpenter nodes (made first, quickly), upgraded one minor version through
 * eks-node's upgradeCluster (what aws:eks:cluster:upgrade runs), against
 * the critical path of its waits.
 */
export async function runUpgradeBenchmark(
  sandbox: Sandbox,
  opts: UpgradeBenchmarkOptions,
): Promise<BenchmarkResult> {
  const F = opts.latencyFactor;
  const clusterName = 'bench-upgrade';
  const kubernetes = new KubernetesClientFactory();
  const helm = new SpawnHelmRunner({ helmPath: SANDBOX_HELM_PATH });
  const previousFactor = sandbox.latencyFactor;

  // the cluster to upgrade, made fast (not measured)
  const arrangeFactor = Math.min(F, 0.002);
  sandbox.latencyFactor = arrangeFactor;
  const arrange = new ProvisioningRun({
    aws: await sandboxAwsClients(sandbox),
    wait: scaledWait(arrangeFactor),
  });
  // one version before the newest EKS offers: there is a next one
  const { clusterVersions } = await arrange.aws.eks.send(
    new DescribeClusterVersionsCommand({}),
  );
  const newest = (clusterVersions ?? [])
    .map(v => v.clusterVersion!)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .at(-1)!;
  opts.progress(`arranging ${clusterName}: node group, 6 add-ons, Karpenter`);
  const made = await createCluster(arrange, {
    clusterName,
    kubernetesVersion: previousKubernetesVersion(newest),
    owner: 'platform',
    nodeGroup: {
      name: 'system',
      instanceTypes: ['m7i.large'],
      minSize: 2,
      maxSize: 4,
      desiredSize: 2,
    },
  });
  await installAddons(arrange, {
    clusterName,
    addons: UPGRADE_BENCH_ADDONS.map(name => ({ name })),
  });
  await installKarpenter(arrange, { clusterName }, { kubernetes, helm });
  const { cluster } = await arrange.aws.eks.send(
    new DescribeClusterCommand({ name: clusterName }),
  );
  const kube = await provisioningKubernetesClients(
    arrange,
    kubernetes,
    cluster!,
  );
  const launched = await arrangeKarpenterNodes(kube);
  const fromVersion = made.kubernetesVersion;
  opts.progress(
    `${clusterName} runs ${fromVersion} with ${launched.length} Karpenter node(s)`,
  );

  // the measured upgrade
  const aws = await sandboxAwsClients(sandbox);
  const counter = new PollCounter();
  countUpgradePolls(aws, counter);
  const run = new ProvisioningRun({
    aws,
    wait: scaledWait(F),
    logger: counter.logger,
  });
  const targetVersion = nextKubernetesVersion(fromVersion)!;
  sandbox.latencyFactor = F;
  const writesBefore = sandbox.writes.length;
  let result: UpgradeClusterResult;
  const started = performance.now();
  try {
    opts.progress(
      `upgrading ${clusterName} ${fromVersion} → ${targetVersion} (latency factor ${F})`,
    );
    result = await upgradeCluster(
      run,
      { clusterName, targetVersion },
      { kubernetes },
    );
  } finally {
    sandbox.latencyFactor = previousFactor;
  }
  const wallMs = performance.now() - started;
  opts.progress(`upgrade done after ${(wallMs / 1000).toFixed(1)} s`);

  const nodesAfter = await karpenterNodeVersions(kube);
  const replacedNodes = launched.filter(
    name => !nodesAfter.some(n => n.name === name),
  ).length;
  const writes = sandbox.writes
    .slice(writesBefore)
    .map(w => `${w.service}:${w.operation}`);
  const controlPlaneAt = writes.indexOf('eks:UpdateClusterVersion');
  if (controlPlaneAt < 0) {
    throw new Error(
      `the upgrade wrote no UpdateClusterVersion: ${writes.join(', ')}`,
    );
  }
  const phases: UpgradePhases = {
    addonsBeforeControlPlane: writes
      .slice(0, controlPlaneAt)
      .includes('eks:UpdateAddon'),
    refreshAfterChanges:
      writes
        .slice(0, controlPlaneAt)
        .filter(w => w === 'eks:StartInsightsRefresh').length > 1,
    addonsAfterControlPlane: writes
      .slice(controlPlaneAt)
      .filter(w => w === 'eks:UpdateAddon').length,
    nodegroups: writes.filter(w => w === 'eks:UpdateNodegroupVersion').length,
    karpenterDrift: replacedNodes > 0,
  };
  // how long the sandbox took to refresh the insights (startedAt to
  // endedAt), at factor 1
  const refresh = await aws.eks.send(
    new DescribeInsightsRefreshCommand({ clusterName }),
  );
  if (!refresh.startedAt || !refresh.endedAt) {
    throw new Error(`the upgrade left no completed insights refresh`);
  }
  const durations: UpgradeDurations = {
    ...opts.durations,
    insightsRefresh:
      (refresh.endedAt.getTime() - refresh.startedAt.getTime()) / F,
  };
  const path = criticalPath(upgradeSteps(durations, phases), F);
  const stepTimes = result.steps
    .map(s => `${s.title}: ${(s.elapsedMs / 1000).toFixed(1)} s`)
    .join('; ');
  const pollDetails = counter.waits
    .map(
      what =>
        `${what}: ${counter.polls.get(what) ?? 0} polls in ${(
          (counter.waitMs.get(what) ?? 0) / 1000
        ).toFixed(1)} s`,
    )
    .join('; ');
  const d = durations;
  return {
    title: 'Cluster upgrade',
    notes: [
      `A cluster with a managed node group (2 nodes), 6 add-ons (${UPGRADE_BENCH_ADDONS.join(
        ', ',
      )}), Karpenter (sandbox helm stand-in) and ${
        launched.length
      } Karpenter node(s) launched for a workload the node group cannot hold, made first at latency factor ${arrangeFactor} (not measured), then upgraded from ${fromVersion} to ${targetVersion} through eks-node's upgradeCluster (what aws:eks:cluster:upgrade runs). Sandbox latency factor ${F} (every state-machine duration × ${F}); the flow polls with the product's default delays (DEFAULT_WAIT_SETTINGS: ${
        DEFAULT_WAIT_SETTINGS.minDelaySeconds
      }–${
        DEFAULT_WAIT_SETTINGS.maxDelaySeconds
      } s, at most 5% of the typical duration of what is awaited) scaled by the same factor.`,
      `Critical path: the upgrade's unavoidable waits one after the other, from the sandbox's durations × ${F} (insights refresh ${(
        d.insightsRefresh / 1000
      ).toFixed(
        0,
      )} s as DescribeInsightsRefresh reports it, control plane version update ${
        d.controlPlane / 1000
      } s, add-on update ${d.addonUpdate / 1000} s, node group version update ${
        d.nodegroupUpdate / 1000
      } s, Karpenter drift ${
        d.karpenterDrift / 1000
      } s: the sandbox's Karpenter replaces a drifted node as soon as the control plane's version changes, at factor 1): ${path.chain.join(
        ' → ',
      )} = ${(path.ms / 1000).toFixed(
        1,
      )} s. The run's own steps: ${stepTimes}.`,
      `Result: ${result.addons.length} add-on(s) and ${
        result.nodegroups.length
      } node group(s) changed version; of the ${
        launched.length
      } Karpenter node(s), ${replacedNodes} replaced through drift (Karpenter's nodes after: ${nodesAfter
        .map(n => `${n.name} ${n.kubelet}`)
        .join(', ')}); the run reported Karpenter nodes replaced ${
        result.karpenterNodes?.replaced ?? 0
      }, remaining ${result.karpenterNodes?.remaining ?? 0}; lagging: ${
        result.lagging.join(', ') || 'nothing'
      }. Describe polls while waiting: ${pollDetails || 'none counted'}.`,
    ],
    figures: [
      info('Wall time (s)', (wallMs / 1000).toFixed(1)),
      info('Critical path (s)', (path.ms / 1000).toFixed(1)),
      atMost('Wall time / critical path', wallMs / path.ms, 1.05),
      info(
        'Describe polls while waiting (minimum: one per wait)',
        `${counter.total} (minimum ${counter.waits.length})`,
      ),
    ],
  };
}

/** The product's default poll delays and typical durations, scaled like the sandbox. */
function scaledWait(factor: number): Partial<WaitSettings> {
  return {
    minDelaySeconds: DEFAULT_WAIT_SETTINGS.minDelaySeconds * factor,
    maxDelaySeconds: DEFAULT_WAIT_SETTINGS.maxDelaySeconds * factor,
    typicalDurationFactor: factor,
    timeoutSeconds: 600,
  };
}

/** The sandbox's durations of what an upgrade waits for (DURATIONS). */
export const SANDBOX_UPGRADE_DURATIONS: Omit<
  UpgradeDurations,
  'insightsRefresh'
> = {
  controlPlane: DURATIONS.clusterUpdate,
  addonUpdate: DURATIONS.addonUpdate,
  nodegroupUpdate: DURATIONS.nodegroupUpdate,
  karpenterDrift: 0,
};
