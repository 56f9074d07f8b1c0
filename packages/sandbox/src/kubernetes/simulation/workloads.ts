import type { KubeObject } from '../types.ts';
import { randomSuffix, templateHash } from './names.ts';
import { isSchedulable, labelsMatch, toleratesAll } from './nodes.ts';
import { updateStatus } from './status.ts';
import {
  isOwnedBy,
  isTerminating,
  isTrue,
  ownerReference,
  type PodSpec,
  type SimulatedCluster,
} from './types.ts';

export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: PodSpec;
}

export function templateOf(workload: KubeObject): PodTemplate {
  return ((workload.spec ?? {}) as { template?: PodTemplate }).template ?? {};
}

export function podFrom(
  workload: KubeObject,
  name: string,
  extraLabels: Record<string, string>,
  nodeName?: string,
): KubeObject {
  const template = templateOf(workload);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: workload.metadata.namespace,
      labels: { ...template.metadata?.labels, ...extraLabels },
      ...(template.metadata?.annotations
        ? { annotations: template.metadata.annotations }
        : {}),
      ownerReferences: [ownerReference(workload)],
    },
    spec: {
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...structuredClone(template.spec ?? {}),
      ...(nodeName ? { nodeName } : {}),
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

export function removePod(cluster: SimulatedCluster, pod: KubeObject) {
  cluster.remove('v1', 'Pod', pod.metadata.namespace, pod.metadata.name);
}

export function podsOf(
  cluster: SimulatedCluster,
  owner: KubeObject,
): KubeObject[] {
  return cluster
    .view('v1', 'Pod', owner.metadata.namespace)
    .filter(p => isOwnedBy(p, owner) && !isTerminating(p));
}

/** DaemonSets: one pod on every Ready node the pod template may run on. */
export function daemonSetController(cluster: SimulatedCluster): void {
  const nodes = cluster.view('v1', 'Node').filter(isSchedulable);
  for (const daemonSet of cluster.view('apps/v1', 'DaemonSet')) {
    const podSpec = templateOf(daemonSet).spec ?? {};
    const eligible = nodes.filter(
      n =>
        labelsMatch(podSpec.nodeSelector, n.metadata.labels) &&
        toleratesAll(podSpec, (n.spec as { taints?: [] } | undefined)?.taints),
    );
    const hash = templateHash(templateOf(daemonSet));
    const owned = podsOf(cluster, daemonSet);
    for (const pod of owned) {
      const nodeName = (pod.spec as PodSpec).nodeName;
      const stale = pod.metadata.labels?.['controller-revision-hash'] !== hash;
      if (stale || !eligible.some(n => n.metadata.name === nodeName)) {
        removePod(cluster, pod);
      }
    }
    const running = podsOf(cluster, daemonSet);
    for (const node of eligible) {
      if (
        running.some(p => (p.spec as PodSpec).nodeName === node.metadata.name)
      ) {
        continue;
      }
      running.push(
        cluster.apply(
          podFrom(
            daemonSet,
            `${daemonSet.metadata.name}-${randomSuffix()}`,
            { 'controller-revision-hash': hash },
            node.metadata.name,
          ),
        ),
      );
    }
    const ready = running.filter(p => isTrue(p, 'Ready')).length;
    updateStatus(cluster, daemonSet, {
      observedGeneration: daemonSet.metadata.generation,
      desiredNumberScheduled: eligible.length,
      currentNumberScheduled: running.length,
      updatedNumberScheduled: running.length,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      ...(running.length - ready > 0
        ? { numberUnavailable: running.length - ready }
        : {}),
    });
  }
}

/** Every namespace gets its `default` ServiceAccount. */
export function serviceAccountController(cluster: SimulatedCluster): void {
  for (const namespace of cluster.view('v1', 'Namespace')) {
    const name = namespace.metadata.name;
    if (!cluster.get('v1', 'ServiceAccount', name, 'default')) {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
      });
    }
  }
}
