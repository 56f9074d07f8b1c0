import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { randomHex } from './names.ts';
import type { SimulatedCluster } from './types.ts';

/**
 * Records a core/v1 Event about an object, or bumps the count of the same
 * event (same object, reason and message) as the kubelet does.
 */
export function recordEvent(
  cluster: SimulatedCluster,
  about: KubeObject,
  event: {
    type: 'Normal' | 'Warning';
    reason: string;
    message: string;
    component: string;
    host?: string;
    fieldPath?: string;
    /** Record it only once instead of counting repeats. */
    once?: boolean;
  },
): void {
  const namespace = about.metadata.namespace ?? 'default';
  const existing = cluster.view('v1', 'Event', namespace).find(e => {
    const involved = e.involvedObject as { uid?: string } | undefined;
    return (
      involved?.uid === about.metadata.uid &&
      e.reason === event.reason &&
      e.message === event.message
    );
  });
  const now = kubeTimestamp();
  if (existing) {
    if (event.once) return;
    cluster.apply({
      ...existing,
      count: Number(existing.count ?? 1) + 1,
      lastTimestamp: now,
    });
    return;
  }
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${about.metadata.name}.${randomHex(16)}`,
      namespace,
    },
    involvedObject: {
      apiVersion: about.apiVersion,
      kind: about.kind,
      name: about.metadata.name,
      namespace: about.metadata.namespace,
      uid: about.metadata.uid,
      ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
    },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: {
      component: event.component,
      ...(event.host ? { host: event.host } : {}),
    },
    reportingComponent: event.component,
    reportingInstance: event.host ?? '',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  });
}
