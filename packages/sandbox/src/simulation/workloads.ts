import type { KubeObject } from '../kubernetes';

/** Labels EKS puts on the workloads of managed add-ons. */
export function addonLabels(
  addonName: string,
  component: string,
): Record<string, string> {
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
  /** Deployment replicas; DaemonSets run one pod per node. */
  replicas?: number;
  serviceAccountName?: string;
  /** Pod tolerations (add-on DaemonSets tolerate every taint). */
  tolerations?: { operator: string; key?: string; effect?: string }[];
}

/** A Deployment or DaemonSet as its installer (EKS, Helm) would apply it. */
export function workloadObject(spec: WorkloadSpec): KubeObject {
  const podLabels = {
    'app.kubernetes.io/name':
      spec.labels['app.kubernetes.io/name'] ?? spec.name,
  };
  const template = {
    metadata: { labels: { ...spec.labels, ...podLabels } },
    spec: {
      serviceAccountName: spec.serviceAccountName ?? spec.name,
      containers: [
        {
          name: spec.name,
          image: spec.image,
          resources: { requests: { cpu: '25m', memory: '64Mi' } },
        },
      ],
      tolerations:
        spec.tolerations ??
        (spec.kind === 'DaemonSet' ? [{ operator: 'Exists' }] : undefined),
    },
  };
  return {
    apiVersion: 'apps/v1',
    kind: spec.kind,
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: spec.labels,
    },
    spec: {
      ...(spec.kind === 'Deployment' ? { replicas: spec.replicas ?? 1 } : {}),
      selector: { matchLabels: podLabels },
      template,
    },
  };
}
