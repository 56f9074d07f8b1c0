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
      obj.status = {};
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

/** The container fields SetDefaults_Container fills in (k8s.io/api core/v1 defaults). */
function defaultContainer(container: Json): Json {
  const image = String(container.image ?? '');
  const tagged = /:[^/]+$/.test(image.split('@')[0]) || image.includes('@');
  const latest = !tagged || /:latest$/.test(image);
  return {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: latest ? 'Always' : 'IfNotPresent',
    ...container,
    ...(Array.isArray(container.ports)
      ? {
          ports: (container.ports as Json[]).map(p => ({
            protocol: 'TCP',
            ...p,
          })),
        }
      : {}),
  };
}

/** SetDefaults_PodSpec, and the containers in it. */
function defaultPodSpec(spec: Json | undefined): Json | undefined {
  if (!spec || typeof spec !== 'object') return spec;
  const containers = (list: unknown) =>
    Array.isArray(list) ? list.map(c => defaultContainer(c as Json)) : list;
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...spec,
    ...(spec.containers ? { containers: containers(spec.containers) } : {}),
    ...(spec.initContainers
      ? { initContainers: containers(spec.initContainers) }
      : {}),
  };
}

function withTemplateDefaults(spec: Json): Json {
  const template = spec.template as Json | undefined;
  if (!template || typeof template !== 'object') return spec;
  return {
    ...spec,
    template: { ...template, spec: defaultPodSpec(template.spec as Json) },
  };
}

function rollingUpdateDefaults(strategy: Json | undefined): Json {
  const type = (strategy?.type as string | undefined) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return { ...strategy, type };
  return {
    ...strategy,
    type,
    rollingUpdate: {
      maxSurge: '25%',
      maxUnavailable: '25%',
      ...(strategy?.rollingUpdate as Json | undefined),
    },
  };
}

/**
 * What the API server's defaulting fills in whenever it decodes an object
 * (create, update, patch and apply alike), so a client reads the same
 * object back whichever verb wrote it: pod specs and their containers
 * (in Pods and in workload templates), Deployment and Service spec fields.
 */
export function applyDecodeDefaults(obj: KubeObject): void {
  const spec = obj.spec as Json | undefined;
  if (!spec || typeof spec !== 'object') return;
  switch (obj.kind) {
    case 'Pod':
      obj.spec = defaultPodSpec(spec);
      break;
    case 'Deployment':
      obj.spec = withTemplateDefaults({
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        ...spec,
        strategy: rollingUpdateDefaults(spec.strategy as Json | undefined),
      });
      break;
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
      obj.spec = withTemplateDefaults(spec);
      break;
    default:
      break;
  }
}
