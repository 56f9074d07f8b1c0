import type { KubeObject } from './types.ts';

/** A resource type the API serves (one group/version/kind). */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name used in URLs, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources served, e.g. `status`, `log`. */
  subresources: string[];
  /** Whether it comes from a CustomResourceDefinition. */
  custom: boolean;
  /** Extra fields this type supports in field selectors. */
  selectableFields?: string[];
  /** The Kubernetes minor version that stops serving it (see deprecatedApis.ts). */
  removedIn?: string;
}

export const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    subresources: [],
    custom: false,
    ...extra,
  };
}

/** The built-in resource types the sandbox serves. */
export const BUILTIN_RESOURCES: ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    subresources: ['status'],
    selectableFields: ['status.phase'],
  }),
  builtin('', 'v1', 'Node', 'nodes', false, {
    shortNames: ['no'],
    subresources: ['status'],
    selectableFields: ['spec.unschedulable'],
  }),
  builtin('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    subresources: ['status'],
    selectableFields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  }),
  builtin('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    subresources: ['status'],
  }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, {
    shortNames: ['sa'],
  }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets', true, { selectableFields: ['type'] }),
  builtin('', 'v1', 'Event', 'events', true, {
    shortNames: ['ev'],
    selectableFields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    shortNames: ['ds'],
    subresources: ['status'],
  }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    subresources: ['status', 'scale'],
  }),
  builtin(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    true,
    { shortNames: ['hpa'], subresources: ['status'] },
  ),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    shortNames: ['ing'],
    subresources: ['status'],
  }),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  builtin('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, {
    shortNames: ['sc'],
  }),
  // API Priority and Fairness: v1 (since 1.29) first, the preferred version;
  // v1beta3 until 1.32, which stops serving it
  builtin(
    'flowcontrol.apiserver.k8s.io',
    'v1',
    'FlowSchema',
    'flowschemas',
    false,
    { subresources: ['status'] },
  ),
  builtin(
    'flowcontrol.apiserver.k8s.io',
    'v1',
    'PriorityLevelConfiguration',
    'prioritylevelconfigurations',
    false,
    { subresources: ['status'] },
  ),
  builtin(
    'flowcontrol.apiserver.k8s.io',
    'v1beta3',
    'FlowSchema',
    'flowschemas',
    false,
    { subresources: ['status'], removedIn: '1.32' },
  ),
  builtin(
    'flowcontrol.apiserver.k8s.io',
    'v1beta3',
    'PriorityLevelConfiguration',
    'prioritylevelconfigurations',
    false,
    { subresources: ['status'], removedIn: '1.32' },
  ),
  builtin('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, {
    subresources: ['status'],
  }),
  builtin(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    { shortNames: ['crd', 'crds'], subresources: ['status'] },
  ),
];

/**
 * The resource types a CustomResourceDefinition adds: one per served version.
 */
export function resourcesOfCrd(crd: KubeObject): ResourceType[] {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: {
      kind?: string;
      plural?: string;
      singular?: string;
      shortNames?: string[];
    };
    versions?: Array<{
      name?: string;
      served?: boolean;
      subresources?: Record<string, unknown>;
    }>;
  };
  if (!spec.group || !spec.names?.kind || !spec.names.plural) return [];
  return (spec.versions ?? [])
    .filter(v => v.served !== false && v.name)
    .map(v => ({
      group: spec.group!,
      version: v.name!,
      kind: spec.names!.kind!,
      plural: spec.names!.plural!,
      singular: spec.names!.singular ?? spec.names!.kind!.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: spec.names!.shortNames,
      subresources: Object.keys(v.subresources ?? {}).filter(
        s => s === 'status',
      ),
      custom: true,
    }));
}

/** The apiVersion string of a resource type. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
