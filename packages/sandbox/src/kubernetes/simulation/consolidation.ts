import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { karpenterIsRunning, NODEPOOL_LABEL } from './karpenter.ts';
import { updateStatus } from './status.ts';
import {
  conditionsOf,
  isTerminating,
  ownerReferencesOf,
  podSpecOf,
  type SimulatedCluster,
} from './types.ts';

/** Parses Karpenter's durations (`30s`, `1m`, `1h30m`, `Never`) to ms. */
export function parseKarpenterDuration(
  text: string | undefined,
): number | undefined {
  if (!text || text === 'Never') return undefined;
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return total;
}

function workloadPodsOn(
  cluster: SimulatedCluster,
  nodeName: string,
): KubeObject[] {
  return cluster
    .view('v1', 'Pod')
    .filter(
      p =>
        podSpecOf(p).nodeName === nodeName &&
        !isTerminating(p) &&
        !ownerReferencesOf(p).some(r => r.kind === 'DaemonSet'),
    );
}

/**
 * Karpenter's emptiness consolidation (the field notes: "empty nodes are
 * recycled after a minute, system pods are ignored"): a NodeClaim whose node
 * runs no pods but DaemonSet pods is marked `Consolidatable`, and removed
 * once its NodePool's `consolidateAfter` has passed; garbage collection
 * then removes its Node.
 */
export function consolidationController(cluster: SimulatedCluster): void {
  if (!karpenterIsRunning(cluster)) return;
  const pools = new Map(
    cluster.view('karpenter.sh/v1', 'NodePool').map(p => [p.metadata.name, p]),
  );
  const now = Date.now();
  for (const claim of cluster.view('karpenter.sh/v1', 'NodeClaim')) {
    const pool = pools.get(claim.metadata.labels?.[NODEPOOL_LABEL] ?? '');
    const disruption = (
      (pool?.spec ?? {}) as {
        disruption?: {
          consolidationPolicy?: string;
          consolidateAfter?: string;
        };
      }
    ).disruption;
    const after = parseKarpenterDuration(disruption?.consolidateAfter ?? '0s');
    const nodeName = ((claim.status ?? {}) as { nodeName?: string }).nodeName;
    if (!pool || after === undefined || !nodeName || isTerminating(claim))
      continue;
    const conditions = conditionsOf(claim).filter(
      c => c.type !== 'Consolidatable',
    );
    const empty = workloadPodsOn(cluster, nodeName).length === 0;
    const previous = conditionsOf(claim).find(c => c.type === 'Consolidatable');
    if (!empty) {
      if (previous) {
        updateStatus(cluster, claim, {
          ...(claim.status as object),
          conditions,
        });
      }
      continue;
    }
    // timestamps have whole seconds: count from the end of the second
    const since = previous?.lastTransitionTime
      ? Date.parse(previous.lastTransitionTime) + 999
      : now;
    if (now - since >= after) {
      cluster.remove(
        claim.apiVersion,
        claim.kind,
        undefined,
        claim.metadata.name,
      );
      continue;
    }
    if (!previous) {
      updateStatus(cluster, claim, {
        ...(claim.status as object),
        conditions: [
          ...conditions,
          {
            type: 'Consolidatable',
            status: 'True',
            reason: 'Consolidatable',
            message: '',
            lastTransitionTime: kubeTimestamp(new Date(since)),
          },
        ],
      });
    }
    cluster.wakeAt(since + after);
  }
}
