import type {
  V1Node,
  V1Pod,
  V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import { PolicyV1Api } from '@kubernetes/client-node';
import { compareKubernetesVersions } from '@backstage-eks/plugin-eks-common';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import {
  findKarpenterController,
  karpenterVersion,
} from '../../health/sources/karpenter';
import type { DeploymentObservation } from '../../health/types';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, pollUntil } from '../waiters';

/** Who replaces a node when the cluster's version changes. */
export type NodeOwner =
  | 'nodegroup'
  | 'karpenter'
  | 'auto-mode'
  | 'fargate'
  | 'other';

/** A node as the upgrade sees it. */
export interface ClusterNode {
  name: string;
  /** The kubelet's minor version, e.g. `1.33`. */
  kubeletMinor?: string;
  owner: NodeOwner;
  /** The managed node group or the NodePool. */
  group?: string;
  /** The NodeClaim of a Karpenter or Auto Mode node. */
  nodeClaim?: string;
}

/** The minor of a kubelet version such as `v1.33.5-eks-113cf36`. */
export function kubeletMinorOf(
  version: string | undefined,
): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

interface NodeClaimItem {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { nodeClassRef?: { group?: string } };
  status?: { nodeName?: string };
}

async function listNodeClaims(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<NodeClaimItem[]> {
  const list = (await ifExists(() =>
    withKubernetesRetry(run, 'list nodeclaims', () =>
      k8s.customObjects.listClusterCustomObject({
        group: 'karpenter.sh',
        version: 'v1',
        plural: 'nodeclaims',
      }),
    ),
  )) as { items?: NodeClaimItem[] } | undefined;
  return list?.items ?? [];
}

/**
 * The cluster's nodes with their kubelet minor and who replaces them: a
 * managed node group (label eks.amazonaws.com/nodegroup), Karpenter or
 * EKS Auto Mode (their NodeClaims; Auto Mode's NodeClass is in group
 * eks.amazonaws.com), Fargate, or something else (self-managed, hybrid).
 */
export async function clusterNodes(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<ClusterNode[]> {
  const [nodes, claims] = await Promise.all([
    withKubernetesRetry(run, 'list nodes', () => k8s.core.listNode()),
    listNodeClaims(run, k8s),
  ]);
  const claimOf = new Map<string, NodeClaimItem>();
  for (const claim of claims) {
    if (claim.status?.nodeName) claimOf.set(claim.status.nodeName, claim);
  }
  return (nodes.items ?? []).map((node: V1Node) => {
    const name = node.metadata?.name ?? '';
    const labels = node.metadata?.labels ?? {};
    const claim = claimOf.get(name);
    const kubeletMinor = kubeletMinorOf(node.status?.nodeInfo?.kubeletVersion);
    if (labels['eks.amazonaws.com/nodegroup']) {
      return {
        name,
        kubeletMinor,
        owner: 'nodegroup',
        group: labels['eks.amazonaws.com/nodegroup'],
      };
    }
    if (labels['eks.amazonaws.com/compute-type'] === 'fargate') {
      return { name, kubeletMinor, owner: 'fargate' };
    }
    if (claim || labels['karpenter.sh/nodepool']) {
      const autoMode =
        claim?.spec?.nodeClassRef?.group === 'eks.amazonaws.com' ||
        labels['eks.amazonaws.com/compute-type'] === 'auto';
      return {
        name,
        kubeletMinor,
        owner: autoMode ? 'auto-mode' : 'karpenter',
        group:
          labels['karpenter.sh/nodepool'] ??
          claim?.metadata?.labels?.['karpenter.sh/nodepool'],
        nodeClaim: claim?.metadata?.name,
      };
    }
    return { name, kubeletMinor, owner: 'other' };
  });
}

/** Nodes whose kubelet is not at `version` (older for an upgrade, newer for a rollback). */
export function nodesNotAt(
  nodes: ClusterNode[],
  version: string,
): ClusterNode[] {
  return nodes.filter(
    n =>
      !n.kubeletMinor ||
      compareKubernetesVersions(n.kubeletMinor, version) !== 0,
  );
}

/** The version of the cluster's own Karpenter controller, when one runs. */
export async function installedKarpenterVersion(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<string | undefined> {
  const list = await withKubernetesRetry(run, 'list deployments', () =>
    k8s.apps.listDeploymentForAllNamespaces(),
  );
  const deployments: DeploymentObservation[] = (list.items ?? []).map(d => {
    const containers = d.spec?.template.spec?.containers ?? [];
    return {
      name: d.metadata?.name ?? '',
      namespace: d.metadata?.namespace ?? '',
      labels: d.metadata?.labels ?? {},
      replicas: d.spec?.replicas ?? 0,
      readyReplicas: d.status?.readyReplicas ?? 0,
      images: containers.map(c => c.image ?? ''),
      args: containers.flatMap(c => c.args ?? []),
      spreadsOverZones: false,
    };
  });
  const controller = findKarpenterController(deployments);
  return controller ? karpenterVersion(controller) : undefined;
}

/** A PodDisruptionBudget that allows no eviction of pods on nodes to be replaced. */
export interface BlockingBudget {
  namespace: string;
  name: string;
  pods: string[];
  nodes: string[];
}

type Selector = NonNullable<V1PodDisruptionBudget['spec']>['selector'];

function selects(selector: Selector, labels: Record<string, string>): boolean {
  // policy/v1: an absent selector selects no pod, an empty one every pod of the namespace
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(value)) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function isHealthy(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

function quantity(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m) {
    const exact = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * How many of its pods a budget lets be evicted now: its status'
 * disruptionsAllowed (the disruption controller's count), or, when the
 * status has none, the same count from its spec and the pods it selects.
 */
export function disruptionsAllowed(
  pdb: V1PodDisruptionBudget,
  pods: V1Pod[],
): number {
  const status = pdb.status as { disruptionsAllowed?: number } | undefined;
  if (
    typeof status?.disruptionsAllowed === 'number' &&
    pdb.status?.observedGeneration !== undefined
  ) {
    return status.disruptionsAllowed;
  }
  const expected = pods.length;
  const healthy = pods.filter(isHealthy).length;
  const minAvailable = quantity(
    pdb.spec?.minAvailable as never,
    expected,
    true,
  );
  if (minAvailable !== undefined) return Math.max(0, healthy - minAvailable);
  const maxUnavailable = quantity(
    pdb.spec?.maxUnavailable as never,
    expected,
    true,
  );
  if (maxUnavailable !== undefined) {
    return Math.max(0, maxUnavailable - (expected - healthy));
  }
  return Math.max(0, healthy - expected + 1);
}

/**
 * PodDisruptionBudgets that allow no eviction while they select pods on
 * the nodes that will be drained: a node group update or Karpenter's
 * drift would wait on them (a node group update fails with
 * PodEvictionFailure after 15 minutes).
 */
export async function blockingBudgets(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  drained: Set<string>,
): Promise<BlockingBudget[]> {
  if (drained.size === 0) return [];
  const policy = k8s.kubeConfig.makeApiClient(PolicyV1Api);
  const [budgets, pods] = await Promise.all([
    withKubernetesRetry(run, 'list poddisruptionbudgets', () =>
      policy.listPodDisruptionBudgetForAllNamespaces(),
    ),
    withKubernetesRetry(run, 'list pods', () =>
      k8s.core.listPodForAllNamespaces(),
    ),
  ]);
  const blocking: BlockingBudget[] = [];
  for (const pdb of budgets.items ?? []) {
    const namespace = pdb.metadata?.namespace ?? '';
    const selected = (pods.items ?? []).filter(
      p =>
        p.metadata?.namespace === namespace &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed' &&
        selects(pdb.spec?.selector, p.metadata?.labels ?? {}),
    );
    const onDrained = selected.filter(p => drained.has(p.spec?.nodeName ?? ''));
    if (onDrained.length === 0) continue;
    if (disruptionsAllowed(pdb, selected) > 0) continue;
    blocking.push({
      namespace,
      name: pdb.metadata?.name ?? '',
      pods: onDrained.map(p => p.metadata?.name ?? ''),
      nodes: [...new Set(onDrained.map(p => p.spec?.nodeName ?? ''))],
    });
  }
  return blocking;
}

/** Nodes replaced by Karpenter or EKS Auto Mode (NodeClaims). */
export const isNodeClaimNode = (n: ClusterNode) =>
  n.owner === 'karpenter' || n.owner === 'auto-mode';

/**
 * Waits until no Karpenter or Auto Mode node runs a kubelet other than
 * `version` (their drift replaces them once the control plane's version
 * changed: the EC2NodeClass's AMI alias `...@latest` resolves to the new
 * version's AMI), bounded by the run's wait timeout: what still lags then
 * is reported, not failed. Without `wait` it only counts them. `before`
 * are the nodes the preflight saw: those gone since count as replaced
 * (drift may have replaced them while the add-ons were updated).
 */
export async function waitForNodeClaimDrift(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  version: string,
  before: ClusterNode[],
  wait: boolean,
): Promise<{ replaced: number; remaining: ClusterNode[] }> {
  const lagging = async () =>
    nodesNotAt((await clusterNodes(run, k8s)).filter(isNodeClaimNode), version);
  let remaining = await lagging();
  if (remaining.length > 0 && wait && !run.dryRun) {
    try {
      await pollUntil(
        run,
        `Karpenter's drift to replace ${remaining.length} node${
          remaining.length === 1 ? '' : 's'
        } older than Kubernetes ${version}`,
        async () => {
          remaining = await lagging();
          return remaining.length === 0;
        },
      );
    } catch (error) {
      if (!/^Timed out/.test((error as Error).message)) throw error;
    }
  }
  const left = new Set(remaining.map(n => n.name));
  const initial = nodesNotAt(before.filter(isNodeClaimNode), version);
  return {
    replaced: initial.filter(n => !left.has(n.name)).length,
    remaining,
  };
}
