import type { KubeObject } from '../kubernetes';

/** Labels EKS puts on the workloads of managed add-ons. */
export function addonLabels(addonName: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': addonName,
    'app.kubernetes.io/managed-by': 'EKS',
    'eks.amazonaws.com/addon': addonName,
  };
}

export interface WorkloadSpec {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
  labels: Record<string, string>;
  image: string;
  /** Deployment replicas; DaemonSets get one pod per node. */
  replicas?: number;
  serviceAccountName?: string;
}

/** A Deployment or DaemonSet with its status, as the controllers would report it. */
export function workloadObject(spec: WorkloadSpec, desired: number, ready: number): KubeObject {
  const selector = { matchLabels: { 'app.kubernetes.io/name': spec.labels['app.kubernetes.io/name'] ?? spec.name } };
  const template = {
    metadata: { labels: { ...spec.labels, ...selector.matchLabels } },
    spec: {
      serviceAccountName: spec.serviceAccountName ?? spec.name,
      containers: [{ name: spec.name, image: spec.image }],
    },
  };
  if (spec.kind === 'Deployment') {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
      spec: { replicas: desired, selector, template },
      status: {
        replicas: desired,
        readyReplicas: ready,
        availableReplicas: ready,
        updatedReplicas: desired,
        unavailableReplicas: desired - ready || undefined,
        conditions: [
          {
            type: 'Available',
            status: ready >= Math.min(desired, 1) ? 'True' : 'False',
            reason: ready >= Math.min(desired, 1) ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          },
        ],
      },
    };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: { selector, template },
    status: {
      desiredNumberScheduled: desired,
      currentNumberScheduled: desired,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: desired,
      numberMisscheduled: 0,
      numberUnavailable: desired - ready || undefined,
    },
  };
}

/** One pod of a workload, Running and Ready or crash-looping. */
export function podObject(
  spec: WorkloadSpec,
  index: number,
  nodeName: string | undefined,
  healthy: boolean,
): KubeObject {
  const name = `${spec.name}-${spec.kind === 'Deployment' ? 'b7c9d8f6' : ''}${spec.kind === 'Deployment' ? '-' : ''}${podSuffix(spec.name, index)}`;
  const scheduled = nodeName !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: spec.namespace,
      labels: { ...spec.labels, 'app.kubernetes.io/name': spec.labels['app.kubernetes.io/name'] ?? spec.name },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: spec.kind === 'Deployment' ? 'ReplicaSet' : 'DaemonSet', name: spec.name, controller: true }],
    },
    spec: {
      nodeName,
      serviceAccountName: spec.serviceAccountName ?? spec.name,
      containers: [{ name: spec.name, image: spec.image }],
    },
    status: !scheduled
      ? {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available: no nodes available to schedule pods.' }],
        }
      : {
          phase: 'Running',
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status: healthy ? 'True' : 'False' },
            { type: 'ContainersReady', status: healthy ? 'True' : 'False' },
          ],
          containerStatuses: [
            {
              name: spec.name,
              image: spec.image,
              ready: healthy,
              restartCount: healthy ? 0 : 7,
              started: healthy,
              state: healthy
                ? { running: { startedAt: new Date().toISOString() } }
                : { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
            },
          ],
        },
  };
}

function podSuffix(name: string, index: number) {
  let h = 0;
  for (const c of `${name}/${index}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(36).padStart(5, 'x').slice(0, 5);
}
