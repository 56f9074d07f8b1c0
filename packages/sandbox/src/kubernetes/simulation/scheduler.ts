import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import {
  addCapacity,
  fits,
  isSchedulable,
  labelsMatch,
  nodeAllocatable,
  podRequests,
  taintsOf,
  toleratesAll,
  type Capacity,
} from './nodes.ts';
import {
  allowedZones,
  leastLoadedZone,
  siblingZone,
  ZONE_LABEL,
  zoneSpreadOf,
} from './topology.ts';
import { isTerminating, podSpecOf, type SimulatedCluster } from './types.ts';

/** Pods waiting for a node, oldest first. */
export function pendingPods(cluster: SimulatedCluster): KubeObject[] {
  return cluster
    .view('v1', 'Pod')
    .filter(p => !podSpecOf(p).nodeName && !isTerminating(p))
    .sort((a, b) =>
      `${a.metadata.creationTimestamp}/${a.metadata.name}`.localeCompare(
        `${b.metadata.creationTimestamp}/${b.metadata.name}`,
      ),
    );
}

/** Pods placed on nodes, with the node's zone. */
export function placedPods(
  cluster: SimulatedCluster,
): Array<{ pod: KubeObject; zone: string; nodeName: string }> {
  const zones = new Map(
    cluster
      .view('v1', 'Node')
      .map(n => [n.metadata.name, n.metadata.labels?.[ZONE_LABEL] ?? '']),
  );
  return cluster
    .view('v1', 'Pod')
    .filter(p => podSpecOf(p).nodeName && !isTerminating(p))
    .map(pod => ({
      pod,
      nodeName: podSpecOf(pod).nodeName!,
      zone: zones.get(podSpecOf(pod).nodeName!) ?? '',
    }));
}

/** Whether a pod may run on a node at all (selector and taints). */
export function admits(node: KubeObject, pod: KubeObject): boolean {
  const spec = podSpecOf(pod);
  return (
    isSchedulable(node) &&
    labelsMatch(spec.nodeSelector, node.metadata.labels) &&
    toleratesAll(spec, taintsOf(node))
  );
}

/** Binds a pod to a node, as the scheduler's Binding does. */
export function bindPod(
  cluster: SimulatedCluster,
  pod: KubeObject,
  nodeName: string,
) {
  cluster.apply({
    ...pod,
    spec: { ...podSpecOf(pod), nodeName },
    status: {
      ...(pod.status as object),
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: kubeTimestamp(),
        },
      ],
    },
  });
}

function markUnschedulable(
  cluster: SimulatedCluster,
  pod: KubeObject,
  message: string,
) {
  const status = (pod.status ?? {}) as {
    conditions?: Array<{ type: string; message?: string }>;
  };
  const current = status.conditions?.find(c => c.type === 'PodScheduled');
  if (current?.message === message) return;
  cluster.apply({
    ...pod,
    status: {
      ...status,
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastProbeTime: null,
          lastTransitionTime: kubeTimestamp(),
        },
      ],
    },
  });
}

/** Whether the scheduler found no node for the pod. */
export function isUnschedulable(pod: KubeObject): boolean {
  const conditions =
    (
      (pod.status ?? {}) as {
        conditions?: Array<{ type: string; reason?: string }>;
      }
    ).conditions ?? [];
  return conditions.some(
    c => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
  );
}

/**
 * The scheduler: binds pending pods to Ready nodes whose labels, taints,
 * free resources and zone spread constraints admit them, preferring the
 * least loaded zone for pods with a zone spread constraint, then the first
 * node by name; marks the others Unschedulable with the scheduler's message.
 * A pod without a zone spread constraint goes to the zone its siblings run
 * in: the sandbox keeps such workloads in one zone, the field notes' lesson
 * that Karpenter does not spread pods by default.
 */
export function schedulerController(cluster: SimulatedCluster): void {
  const pending = pendingPods(cluster);
  if (pending.length === 0) return;
  const nodes = cluster.view('v1', 'Node');
  const placed = placedPods(cluster);
  const used = new Map<string, Capacity>();
  for (const { pod, nodeName } of placed) {
    used.set(
      nodeName,
      addCapacity(
        used.get(nodeName) ?? { cpu: 0, memory: 0, pods: 0 },
        podRequests(pod),
      ),
    );
  }
  for (const pod of pending) {
    const admitting = nodes.filter(n => admits(n, pod));
    const zones = [
      ...new Set(admitting.map(n => n.metadata.labels?.[ZONE_LABEL] ?? '')),
    ].sort();
    const sibling = zoneSpreadOf(pod) ? undefined : siblingZone(pod, placed);
    const spreadZones = sibling ? [sibling] : allowedZones(pod, zones, placed);
    const preferred = zoneSpreadOf(pod)
      ? leastLoadedZone(pod, spreadZones, placed)
      : sibling;
    const candidates = admitting
      .filter(n => spreadZones.includes(n.metadata.labels?.[ZONE_LABEL] ?? ''))
      .filter(n =>
        fits(
          used.get(n.metadata.name) ?? { cpu: 0, memory: 0, pods: 0 },
          podRequests(pod),
          nodeAllocatable(n),
        ),
      )
      .sort((a, b) => {
        const aPreferred =
          a.metadata.labels?.[ZONE_LABEL] === preferred ? 0 : 1;
        const bPreferred =
          b.metadata.labels?.[ZONE_LABEL] === preferred ? 0 : 1;
        return (
          aPreferred - bPreferred ||
          a.metadata.name.localeCompare(b.metadata.name)
        );
      });
    const chosen = candidates[0];
    if (!chosen) {
      const untolerated = nodes.filter(
        n => !toleratesAll(podSpecOf(pod), taintsOf(n)),
      ).length;
      const reasons = [
        untolerated > 0
          ? `${untolerated} node(s) had untolerated taint(s)`
          : '',
        admitting.length > 0
          ? `${admitting.length} node(s) had insufficient resources or violated topology spread constraints`
          : '',
      ].filter(Boolean);
      markUnschedulable(
        cluster,
        pod,
        `0/${nodes.length} nodes are available${
          reasons.length ? `: ${reasons.join(', ')}` : ''
        }. preemption: 0/${nodes.length} nodes are available: ${
          nodes.length
        } Preemption is not helpful for scheduling.`,
      );
      continue;
    }
    bindPod(cluster, pod, chosen.metadata.name);
    const nodeName = chosen.metadata.name;
    used.set(
      nodeName,
      addCapacity(
        used.get(nodeName) ?? { cpu: 0, memory: 0, pods: 0 },
        podRequests(pod),
      ),
    );
    placed.push({
      pod,
      nodeName,
      zone: chosen.metadata.labels?.[ZONE_LABEL] ?? '',
    });
  }
}
