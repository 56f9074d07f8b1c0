import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { randomSuffix, templateHash } from './names.ts';
import { isSchedulable, labelsMatch, toleratesAll } from './nodes.ts';
import { keepTransitionTimes, updateStatus } from './status.ts';
import {
  isOwnedBy,
  isTerminating,
  isTrue,
  ownerReference,
  type PodSpec,
  type SimulatedCluster,
} from './types.ts';

interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: PodSpec;
}

function templateOf(workload: KubeObject): PodTemplate {
  return ((workload.spec ?? {}) as { template?: PodTemplate }).template ?? {};
}

function podFrom(
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

function removePod(cluster: SimulatedCluster, pod: KubeObject) {
  cluster.remove('v1', 'Pod', pod.metadata.namespace, pod.metadata.name);
}

function podsOf(cluster: SimulatedCluster, owner: KubeObject): KubeObject[] {
  return cluster
    .view('v1', 'Pod', owner.metadata.namespace)
    .filter(p => isOwnedBy(p, owner) && !isTerminating(p));
}

/**
 * Deployments: keeps `replicas` pods of the current template (pods owned by
 * the Deployment directly; the sandbox has no ReplicaSet layer) and reports
 * the status the deployment controller would.
 */
export function deploymentController(cluster: SimulatedCluster): void {
  for (const deployment of cluster.view('apps/v1', 'Deployment')) {
    const spec = (deployment.spec ?? {}) as { replicas?: number };
    const replicas = spec.replicas ?? 1;
    const hash = templateHash(templateOf(deployment));
    const owned = podsOf(cluster, deployment);
    for (const stale of owned.filter(
      p => p.metadata.labels?.['pod-template-hash'] !== hash,
    )) {
      removePod(cluster, stale);
    }
    const current = owned.filter(
      p => p.metadata.labels?.['pod-template-hash'] === hash,
    );
    for (let i = current.length; i < replicas; i++) {
      current.push(
        cluster.apply(
          podFrom(
            deployment,
            `${deployment.metadata.name}-${hash}-${randomSuffix()}`,
            { 'pod-template-hash': hash },
          ),
        ),
      );
    }
    for (const extra of current.splice(replicas)) removePod(cluster, extra);

    const ready = current.filter(p => isTrue(p, 'Ready')).length;
    const now = kubeTimestamp();
    const previous = (deployment.status ?? {}) as {
      conditions?: Array<{
        type: string;
        status: string;
        lastTransitionTime?: string;
      }>;
    };
    const available = ready >= replicas;
    updateStatus(cluster, deployment, {
      observedGeneration: deployment.metadata.generation,
      replicas: current.length,
      updatedReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(current.length - ready > 0
        ? { unavailableReplicas: current.length - ready }
        : {}),
      conditions: keepTransitionTimes(previous.conditions, [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available
            ? 'MinimumReplicasAvailable'
            : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${deployment.metadata.name}-${hash}" has successfully progressed.`,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ]).map(c => ({ ...c, lastUpdateTime: c.lastTransitionTime })),
    });
  }
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

const OWNER_KINDS: Array<[string, string]> = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['karpenter.sh/v1', 'NodePool'],
  ['karpenter.sh/v1', 'NodeClaim'],
];

/**
 * Garbage collection: removes pods, nodes and node claims whose owner is
 * gone, and pods bound to nodes that no longer exist.
 */
export function garbageCollector(cluster: SimulatedCluster): void {
  const owners = new Set(
    OWNER_KINDS.flatMap(([apiVersion, kind]) =>
      cluster.view(apiVersion, kind).map(o => o.metadata.uid),
    ),
  );
  const orphaned = (obj: KubeObject) => {
    const refs = (obj.metadata.ownerReferences ?? []) as Array<{
      uid: string;
      kind: string;
    }>;
    const tracked = refs.filter(r =>
      OWNER_KINDS.some(([, kind]) => kind === r.kind),
    );
    return tracked.length > 0 && tracked.every(r => !owners.has(r.uid));
  };
  for (const claim of cluster.view('karpenter.sh/v1', 'NodeClaim')) {
    if (orphaned(claim))
      cluster.remove(
        claim.apiVersion,
        claim.kind,
        undefined,
        claim.metadata.name,
      );
  }
  const claims = new Set(
    cluster.view('karpenter.sh/v1', 'NodeClaim').map(c => c.metadata.uid),
  );
  for (const node of cluster.view('v1', 'Node')) {
    const refs = (node.metadata.ownerReferences ?? []) as Array<{
      uid: string;
      kind: string;
    }>;
    if (
      refs.some(r => r.kind === 'NodeClaim') &&
      refs.every(r => !claims.has(r.uid))
    ) {
      cluster.remove('v1', 'Node', undefined, node.metadata.name);
    }
  }
  const nodeNames = new Set(
    cluster.view('v1', 'Node').map(n => n.metadata.name),
  );
  for (const pod of cluster.view('v1', 'Pod')) {
    const nodeName = (pod.spec as PodSpec | undefined)?.nodeName;
    if (orphaned(pod) || (nodeName && !nodeNames.has(nodeName))) {
      removePod(cluster, pod);
    }
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
