import { canonicalJson } from '../patches.ts';
import type { KubeObject } from '../types.ts';
import type { SimulatedCluster } from './types.ts';

/**
 * Writes a new status when it differs from the stored one (so controllers
 * settle instead of rewriting each other forever).
 */
export function updateStatus(
  cluster: SimulatedCluster,
  obj: KubeObject,
  status: Record<string, unknown>,
): void {
  if (canonicalJson(obj.status ?? {}) === canonicalJson(status)) return;
  cluster.apply({ ...obj, status });
}

/** Keeps a condition's lastTransitionTime when its status did not change. */
export function keepTransitionTimes<
  T extends { type: string; status: string; lastTransitionTime?: string },
>(
  previous:
    | Array<{ type: string; status: string; lastTransitionTime?: string }>
    | undefined,
  next: T[],
): T[] {
  return next.map(c => {
    const before = (previous ?? []).find(p => p.type === c.type);
    return before && before.status === c.status && before.lastTransitionTime
      ? { ...c, lastTransitionTime: before.lastTransitionTime }
      : c;
  });
}
