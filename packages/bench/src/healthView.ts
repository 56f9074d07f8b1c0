import type { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { DEMO_CLUSTER, type Sandbox } from '@backstage-eks/sandbox';
import { startBenchBackend, entityHealthPath } from './backend';
import { createClusterWithAddons, sandboxAwsClients } from './clusters';
import { startWorkerSandbox } from './workerSandbox';
import {
  countCalls,
  dependentRounds,
  type SandboxCall,
  type SandboxCallLog,
} from './sandboxCalls';
import {
  atMost,
  exactly,
  info,
  type BenchmarkResult,
  type Figure,
} from './report';

/** What the health document of a cluster is made of, as the sandbox holds it. */
export interface ClusterContents {
  addons: number;
  nodegroups: number;
  nodegroupsWithLaunchTemplate: number;
  podIdentityAssociations: number;
  /** Associations whose role is read for the MSK check (not controllers). */
  rolesRead: number;
  fargateProfiles: number;
  /** EKS Capabilities (each one described). */
  capabilities: number;
  /**
   * The cluster's own updates (ListUpdates gives ids only: each is described
   * to find the latest version update or rollback).
   */
  clusterUpdates: number;
  /** Insights in WARNING or ERROR (their recommendation is read). */
  insightsNeedingDetails: number;
  karpenterInstalled: boolean;
  /**
   * The policies of the cluster's own Karpenter controller's role (its Pod
   * Identity association's), read for what its version needs; undefined
   * without one.
   */
  karpenterRolePolicies?: { inline: number; attached: number };
  /**
   * Whether the backend already holds the answers that are the same for
   * every cluster of the account and region, kept for an hour: the
   * Kubernetes versions EKS offers (DescribeClusterVersions) and the add-on
   * versions for the cluster's Kubernetes version (DescribeAddonVersions).
   * Then a view asks for neither.
   */
  accountRegionAnswersKept?: boolean;
}

/**
 * The fewest AWS and Kubernetes calls the health document can be built from:
 * one call per list the document shows (one page each), one Describe* per item
 * whose details are shown (EKS has no batch Describe for add-ons, node groups,
 * associations or Fargate profiles), the add-on versions for the cluster's
 * Kubernetes version, the interruption queue lookup, and one Kubernetes list
 * per kind the document reads.
 */
export function minimumHealthViewCalls(
  c: ClusterContents,
): Map<string, number> {
  const set = new Map<string, number>([
    ['eks:DescribeCluster', 1],
    ['eks:DescribeClusterVersions', c.accountRegionAnswersKept ? 0 : 1],
    ['eks:ListInsights', 1],
    ['eks:DescribeInsight', c.insightsNeedingDetails],
    ['eks:ListNodegroups', 1],
    ['eks:DescribeNodegroup', c.nodegroups],
    ['ec2:DescribeLaunchTemplateVersions', c.nodegroupsWithLaunchTemplate],
    ['eks:ListAddons', 1],
    ['eks:DescribeAddon', c.addons],
    ['eks:DescribeAddonVersions', c.accountRegionAnswersKept ? 0 : 1],
    ['eks:ListPodIdentityAssociations', 1],
    ['eks:DescribePodIdentityAssociation', c.podIdentityAssociations],
    // the MSK check's roles, and Karpenter's controller role with the
    // documents of its inline and attached policies
    ['iam:ListRolePolicies', c.rolesRead + (c.karpenterRolePolicies ? 1 : 0)],
    [
      'iam:ListAttachedRolePolicies',
      c.rolesRead + (c.karpenterRolePolicies ? 1 : 0),
    ],
    ['iam:GetRolePolicy', c.karpenterRolePolicies?.inline ?? 0],
    ['iam:GetPolicy', c.karpenterRolePolicies?.attached ?? 0],
    ['iam:GetPolicyVersion', c.karpenterRolePolicies?.attached ?? 0],
    ['eks:ListFargateProfiles', 1],
    ['eks:DescribeFargateProfile', c.fargateProfiles],
    ['eks:ListCapabilities', 1],
    ['eks:DescribeCapability', c.capabilities],
    // the latest version update or rollback (the upgrade section)
    ['eks:ListUpdates', 1],
    ['eks:DescribeUpdate', c.clusterUpdates],
    // the interruption queue: its URL and the rules targeting its ARN (known
    // from its name, so both go in the first round), then its attributes
    ['sqs:GetQueueUrl', 1],
    ['events:ListRuleNamesByTarget', 1],
    ['sqs:GetQueueAttributes', c.karpenterInstalled ? 1 : 0],
    // Kubernetes: nodes, deployments, services, ingresses, Gateway API
    // Gateways, pending pods, HorizontalPodAutoscalers, the resource metrics
    // APIService and the three Karpenter kinds; with Karpenter, its
    // controller's pods too (GatewayClasses are read only when there are
    // Gateways, which the bench's clusters have none of)
    ['kubernetes:lists', 11 + (c.karpenterInstalled ? 1 : 0)],
  ]);
  return new Map([...set].filter(([, n]) => n > 0));
}

/** Calls grouped as {@link minimumHealthViewCalls} counts them. */
export function groupHealthViewCalls(
  calls: SandboxCall[],
): Map<string, number> {
  return countCalls(
    calls.map(c =>
      c.service === 'kubernetes' ? { ...c, operation: 'lists' } : c,
    ),
  );
}

export function sum(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

/** Calls beyond the minimum set, by key (`+n`), and missing ones (`-n`). */
export function excessOverMinimum(
  actual: Map<string, number>,
  minimum: Map<string, number>,
): string[] {
  const keys = new Set([...actual.keys(), ...minimum.keys()]);
  const out: string[] = [];
  for (const key of [...keys].sort()) {
    const diff = (actual.get(key) ?? 0) - (minimum.get(key) ?? 0);
    if (diff !== 0) out.push(`${key} ${diff > 0 ? '+' : ''}${diff}`);
  }
  return out;
}

/**
 * What a cluster holds: counts from the sandbox's snapshot, and from the
 * health document what decides the optional reads (insights in WARNING or
 * ERROR, node groups with a launch template, application associations).
 */
export function clusterContents(
  sandbox: Sandbox,
  clusterName: string,
  document: ClusterHealth,
): ClusterContents {
  const cluster =
    sandbox.snapshot().accounts[sandbox.accountId].regions[sandbox.region].eks
      .clusters[clusterName];
  const updates =
    sandbox.state
      .account(sandbox.accountId)
      .region(sandbox.region)
      .eks.clusters.get(clusterName)?.updates ?? [];
  const associations = document.podIdentityAssociations.data ?? [];
  const karpenter = document.karpenter.data;
  const karpenterNamespace = karpenter?.controller?.namespace;
  const karpenterRole =
    karpenter && karpenter.runBy !== 'eks-auto-mode' && karpenterNamespace
      ? associations.find(
          a =>
            a.namespace === karpenterNamespace &&
            a.serviceAccount === 'karpenter',
        )?.roleArn
      : undefined;
  const role = karpenterRole
    ? sandbox.state
        .account(sandbox.accountId)
        .iam.roles.get(karpenterRole.split('/').pop()!)
    : undefined;
  return {
    addons: Object.keys(cluster.addons).length,
    nodegroups: Object.keys(cluster.nodegroups).length,
    nodegroupsWithLaunchTemplate: (document.nodeGroups.data ?? []).filter(
      n => n.httpTokens !== undefined,
    ).length,
    podIdentityAssociations: cluster.podIdentityAssociations.length,
    rolesRead: new Set(
      associations
        .filter(a => !a.ownerArn && a.namespace !== 'kube-system')
        .map(a => a.roleArn),
    ).size,
    fargateProfiles: Object.keys(cluster.fargateProfiles).length,
    capabilities: Object.keys(cluster.capabilities).length,
    clusterUpdates: updates.filter(u => !u.nodegroupName && !u.addonName)
      .length,
    insightsNeedingDetails: (document.insights.data ?? []).filter(
      i => i.status === 'WARNING' || i.status === 'ERROR',
    ).length,
    karpenterInstalled: document.karpenter.data?.installed === true,
    ...(role
      ? {
          karpenterRolePolicies: {
            inline: role.inlinePolicies.size,
            attached: role.attachedPolicyArns.size,
          },
        }
      : {}),
  };
}

/** Cold loads whose median is the cold view's wall time. */
const COLD_LOADS = 11;

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function getDocument(url: string): Promise<ClusterHealth> {
  const res = await fetch(url);
  if (res.status !== 200) {
    throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  }
  return (await res.json()) as ClusterHealth;
}

/** Options of {@link runHealthViewBenchmark}. */
export interface HealthViewBenchmarkOptions {
  /** Clusters to view, by add-on count. */
  addonCounts: number[];
  /** Latency injected on every AWS and Kubernetes call, in ms. */
  latencyMs: number;
  concurrentViews: number;
  log: SandboxCallLog;
  progress: (line: string) => void;
}

/**
 * Benchmark 1: the entity health route (what the EKS tab calls) for clusters
 * with N add-ons, with latency L injected on every call.
 */
export async function runHealthViewBenchmark(
  sandbox: Sandbox,
  opts: HealthViewBenchmarkOptions,
): Promise<BenchmarkResult> {
  const { latencyMs: L, log } = opts;
  const aws = await sandboxAwsClients(sandbox);
  const names = opts.addonCounts.map(n => `bench-addons-${n}`);
  const setupFactor = sandbox.latencyFactor;
  sandbox.latencyFactor = 0.0005;
  opts.progress(`creating ${names.join(', ')} (fast sandbox timings)`);
  await Promise.all(
    opts.addonCounts.map((addonCount, i) =>
      createClusterWithAddons(aws, {
        clusterName: names[i],
        addonCount,
        wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1 },
      }),
    ),
  );
  sandbox.latencyFactor = setupFactor;

  // One view of the seeded demo cluster first, without injected latency:
  // the figures are about the cache and the calls, not the process loading
  // the SDK and Kubernetes client modules on its first request.
  const warmUp = await startBenchBackend(sandbox, [DEMO_CLUSTER], {
    cacheTtlSeconds: 600,
  });
  await getDocument(`${warmUp.url}${entityHealthPath(DEMO_CLUSTER)}`);
  await warmUp.stop();

  const figures: Figure[] = [];
  const details: string[] = [];
  for (const [i, n] of opts.addonCounts.entries()) {
    const clusterName = names[i];
    let backend = await startBenchBackend(sandbox, [clusterName], {
      cacheTtlSeconds: 600,
    });
    const url = `${backend.url}${entityHealthPath(clusterName)}`;
    sandbox.faults.set({ latencyMs: L });
    try {
      let mark = log.mark();
      const started = performance.now();
      const document = await getDocument(url);
      const wallMs = performance.now() - started;
      const coldCallList = log.since(mark);
      const coldCalls = groupHealthViewCalls(coldCallList);
      const rounds = dependentRounds(coldCallList);

      mark = log.mark();
      await getDocument(url);
      const warmCalls = log.since(mark).length;
      // a cold load makes the first view's calls but DescribeClusterVersions
      // and DescribeAddonVersions, whose answers the backend keeps per
      // account and region (and Kubernetes version)
      const firstViewTotal = sum(coldCalls);
      let firstLoadCalls: SandboxCall[] | undefined;

      // cold loads on the running backend (`?refresh=true` skips the cache,
      // as an expired entry would): the first view above also paid for what
      // a backend does once (clients for the account and region)
      const coldLoadsMs: number[] = [];
      for (let load = 0; load < COLD_LOADS; load++) {
        mark = log.mark();
        const loadStart = performance.now();
        await getDocument(`${url}?refresh=true`);
        coldLoadsMs.push(performance.now() - loadStart);
        const loadCalls = log.since(mark);
        firstLoadCalls ??= loadCalls;
        if (loadCalls.length !== firstLoadCalls.length) {
          throw new Error(
            `a cold load of ${clusterName} made ${loadCalls.length} calls, the first one ${firstLoadCalls.length}`,
          );
        }
      }
      const loadCallGroups = groupHealthViewCalls(firstLoadCalls ?? []);
      const coldMs = median(coldLoadsMs);

      // the same cold load without injected latency: what the process itself
      // spends (backend, clients and the in-process sandbox answering)
      sandbox.faults.clear();
      const unloadedStart = performance.now();
      await getDocument(`${url}?refresh=true`);
      const unloadedMs = performance.now() - unloadedStart;
      sandbox.faults.set({ latencyMs: L });

      // a new backend: a cold cache for the concurrent views
      await backend.stop();
      backend = await startBenchBackend(sandbox, [clusterName], {
        cacheTtlSeconds: 600,
      });
      const concurrentUrl = `${backend.url}${entityHealthPath(clusterName)}`;
      mark = log.mark();
      await Promise.all(
        Array.from({ length: opts.concurrentViews }, () =>
          getDocument(concurrentUrl),
        ),
      );
      const concurrentCalls = log.since(mark).length;

      const contents = clusterContents(sandbox, clusterName, document);
      const firstViewMinimum = minimumHealthViewCalls(contents);
      const minimum = minimumHealthViewCalls({
        ...contents,
        accountRegionAnswersKept: true,
      });
      const failedSections = Object.entries(document)
        .filter(([, v]) => v && typeof v === 'object' && 'error' in v)
        .map(([k]) => k);
      if (failedSections.length) {
        throw new Error(
          `the health document of ${clusterName} has failed sections: ${failedSections.join(
            ', ',
          )}`,
        );
      }
      const coldTotal = sum(loadCallGroups);
      figures.push(
        exactly(
          `N=${n}: calls per cold view (minimum set)`,
          coldTotal,
          sum(minimum),
        ),
        exactly(
          `N=${n}: calls of the first view on a new backend (minimum set)`,
          firstViewTotal,
          sum(firstViewMinimum),
        ),
        atMost(
          `N=${n}: cold view wall time / L (median of ${COLD_LOADS})`,
          coldMs / L,
          2.3,
        ),
        info(
          `N=${n}: first view on a new backend / L`,
          (wallMs / L).toFixed(2),
        ),
        info(`N=${n}: rounds of dependent calls in the cold view`, rounds),
        info(
          `N=${n}: cold load without injected latency (ms)`,
          Math.round(unloadedMs),
        ),
        exactly(`N=${n}: calls per warm view within TTL`, warmCalls, 0),
        exactly(
          `N=${n}: calls for ${opts.concurrentViews} concurrent cold views on a new backend (one first view = ${firstViewTotal})`,
          concurrentCalls,
          firstViewTotal,
        ),
      );
      const excess = excessOverMinimum(loadCallGroups, minimum);
      details.push(
        `- N=${n}: cold view ${Math.round(
          coldMs,
        )} ms = ${rounds} rounds × L + ${Math.round(
          coldMs - rounds * L,
        )} ms (loads: ${coldLoadsMs
          .map(ms => Math.round(ms))
          .join(', ')} ms; first view on a new backend ${Math.round(
          wallMs,
        )} ms); calls ${[...loadCallGroups]
          .map(([k, v]) => `${k}×${v}`)
          .join(', ')}${
          excess.length ? `; vs minimum: ${excess.join(', ')}` : ''
        }`,
      );
      opts.progress(details[details.length - 1]);
    } finally {
      sandbox.faults.clear();
      await backend.stop();
    }
  }
  // The same cold loads with the sandbox in a worker thread of this process:
  // it answers on its own event loop and core, as AWS does outside the
  // backend, so the time left over L is the backend's own.
  const worker = await startWorkerSandbox(0.0005);
  try {
    const workerAws = await sandboxAwsClients(worker);
    await Promise.all(
      opts.addonCounts.map((addonCount, i) =>
        createClusterWithAddons(workerAws, {
          clusterName: names[i],
          addonCount,
          wait: { minDelaySeconds: 0.02, maxDelaySeconds: 0.1 },
        }),
      ),
    );
    for (const [i, n] of opts.addonCounts.entries()) {
      const backend = await startBenchBackend(worker, [names[i]], {
        cacheTtlSeconds: 600,
      });
      const url = `${backend.url}${entityHealthPath(names[i])}`;
      try {
        await worker.setLatency(L, 0.0005);
        await getDocument(url);
        const loadsMs: number[] = [];
        const workerSince = worker.eventLoopUtilization();
        for (let load = 0; load < COLD_LOADS; load++) {
          const loadStart = performance.now();
          await getDocument(`${url}?refresh=true`);
          loadsMs.push(performance.now() - loadStart);
        }
        const workerBusyMs =
          worker.eventLoopUtilization(workerSince).active / COLD_LOADS;
        figures.push(
          atMost(
            `N=${n}: cold view wall time / L, sandbox in a worker thread (median of ${COLD_LOADS})`,
            median(loadsMs) / L,
            2.15,
          ),
          info(
            `N=${n}: the sandbox worker's busy time per cold view (ms)`,
            workerBusyMs.toFixed(1),
          ),
        );
      } finally {
        await worker.setLatency(0, 0.0005);
        await backend.stop();
      }
    }
  } finally {
    await worker.stop();
  }

  return {
    title: 'Entity health view',
    notes: [
      `The eks backend (startTestBackend with the eks plugin, catalog and permission mocks; cache TTL 600 s) serves \`GET /api/eks/clusters/default/resource/<name>/health\`, the route the EKS tab calls, for sandbox clusters created with N add-ons through the eks-node flows. The sandbox adds L = ${L} ms to every AWS and Kubernetes call (FaultInjector latency); calls are counted from the sandbox's request log.`,
      "The minimum set is one call per list the document shows (DescribeCluster, ListInsights, ListNodegroups, ListAddons, ListPodIdentityAssociations, ListFargateProfiles, ListCapabilities, and ListUpdates for the latest version update or rollback; one page each), one Describe* per item shown (EKS has no batch Describe; here DescribeAddon × N; DescribeUpdate per update of the cluster, none here), DescribeClusterVersions (support dates) and one DescribeAddonVersions for the cluster's Kubernetes version (newest/default versions) on the first view of a cluster of that account and region (and version) only (the backend keeps both answers an hour per account and region, and Kubernetes version: the cold loads make neither), SQS GetQueueUrl and EventBridge ListRuleNamesByTarget for the Karpenter interruption queue (the queue ARN follows from its name, so the rules are asked for in the first round too), IAM's role policies of application associations (for the MSK check) and of a cluster's own Karpenter controller (for what its version needs: ListRolePolicies, ListAttachedRolePolicies and each policy's document), and 11 Kubernetes reads (lists of nodes, deployments, services, ingresses, Gateway API Gateways, pending pods, HorizontalPodAutoscalers, NodePools, NodeClaims and EC2NodeClasses, and the resource metrics APIService; a cluster running Karpenter adds its controller's pods). The calls form two dependent rounds (names, then details; the Kubernetes reads go out with the first on a backend that has seen the cluster's API server, and wait for DescribeCluster on its first view), so the best wall time is about 2 × L.",
      `Before the measurements, one view of the seeded demo cluster (no injected latency) loads the SDK and Kubernetes client modules into the process. The cold view wall time is the median of ${COLD_LOADS} cold loads (\`?refresh=true\`, which skips the cache as an expired entry would, each making the whole set of calls) on a backend that has served the cluster once; the first view on a new backend, also shown, pays in addition for what a backend does once per account and region (creating its AWS and Kubernetes clients). The first wall-time figure counts the in-process sandbox's own work too (about a fifth of the CPU a view costs in a profile): the same cold loads against a sandbox in a worker thread of this process (its own event loop and core, as AWS is outside the backend) are measured last, with a goal of their own (2.15 L: the backend's own cost over the two rounds), and the worker's busy time per view beside them (the sandbox answers one call at a time, so its work on a round's answers adds to the view's wall time where AWS would answer in parallel). \`yarn workspace bench profile:health\` profiles those loads and says, phase by phase, where the CPU time goes. A warm view is a second request within the TTL; the concurrent views are ${opts.concurrentViews} simultaneous requests on a freshly started backend (cold cache). The cold load without injected latency (a \`?refresh=true\` view right after) is what the process itself spends per view: the backend, the SDK and Kubernetes clients, and the in-process sandbox answering every call, on a machine shared with other work; the cold view takes about rounds × L plus that.`,
      details.join('\n'),
    ],
    figures,
  };
}
