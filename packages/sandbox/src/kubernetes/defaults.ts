import type { KubernetesCluster } from './KubernetesCluster.ts';
import type { Json, KubeObject } from './types.ts';

function allocateClusterIp(cluster: KubernetesCluster): string {
  const used = new Set(
    cluster
      .list('v1', 'Service')
      .map(s => (s.spec as Json | undefined)?.clusterIP)
      .filter(Boolean),
  );
  for (let i = 10; i < 65000; i++) {
    const ip = `172.20.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    if (!used.has(ip)) return ip;
  }
  throw new Error('service IP range 172.20.0.0/16 is exhausted');
}

/** Fills in what the apiserver defaults when an object is created. */
export function applyCreateDefaults(
  cluster: KubernetesCluster,
  obj: KubeObject,
): void {
  const spec = (obj.spec ?? {}) as Json;
  switch (obj.kind) {
    case 'Namespace':
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name,
      };
      obj.spec = { finalizers: ['kubernetes'], ...spec };
      obj.status = { phase: 'Active' };
      break;
    case 'Pod':
      obj.spec = {
        restartPolicy: 'Always',
        serviceAccountName: 'default',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        ...spec,
      };
      obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case 'Service': {
      const type = (spec.type as string | undefined) ?? 'ClusterIP';
      const clusterIP =
        (spec.clusterIP as string | undefined) ?? allocateClusterIp(cluster);
      obj.spec = {
        ...spec,
        type,
        clusterIP,
        clusterIPs: [clusterIP],
        sessionAffinity: spec.sessionAffinity ?? 'None',
        ports: ((spec.ports ?? []) as Json[]).map(p => ({
          protocol: 'TCP',
          targetPort: p.port,
          ...p,
        })),
      };
      obj.status = { loadBalancer: {} };
      break;
    }
    case 'Deployment':
      obj.spec = {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        ...spec,
      };
      obj.status = {};
      break;
    case 'StatefulSet':
      obj.spec = {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 0 },
        },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: 'Retain',
          whenScaled: 'Retain',
        },
        ...spec,
      };
      obj.status = { replicas: 0, availableReplicas: 0 };
      break;
    case 'DaemonSet':
      obj.spec = {
        revisionHistoryLimit: 10,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        },
        ...spec,
      };
      obj.status = {
        currentNumberScheduled: 0,
        desiredNumberScheduled: 0,
        numberMisscheduled: 0,
        numberReady: 0,
      };
      break;
    default:
      break;
  }
}
