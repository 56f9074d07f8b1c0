import type { KubernetesCluster } from './KubernetesCluster.ts';
import type { ResourceType } from './resources.ts';
import { formatLabelSelector } from './scale.ts';
import type { LabelSelectorSpec } from './selectors.ts';
import { badRequest } from './status.ts';
import type { KubeObject } from './types.ts';

/** A column of a meta.k8s.io Table. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;

/** What a row's `object` carries (`includeObject`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** How a response is to be encoded, from the request's Accept header. */
export type Rendering =
  | { as: 'Object' }
  | { as: 'Table'; version: 'v1' | 'v1beta1' }
  | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

/**
 * Reads the Accept header as the apiserver negotiates it: the first media
 * type it can serve wins. `application/json;as=Table;g=meta.k8s.io;v=v1`
 * (what kubectl get sends first) asks for a Table,
 * `as=PartialObjectMetadata` / `as=PartialObjectMetadataList` for metadata
 * only; anything else is answered with the object itself.
 */
export function renderingOf(accept: string | undefined): Rendering {
  for (const entry of (accept ?? '').split(',')) {
    const [mediaType, ...rawParams] = entry.split(';').map(p => p.trim());
    const params = Object.fromEntries(
      rawParams.map(p => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
      }),
    );
    if (!['application/json', 'application/*', '*/*'].includes(mediaType)) {
      continue;
    }
    if (params.as === undefined) return { as: 'Object' };
    const version = params.v;
    if (
      params.g !== 'meta.k8s.io' ||
      (version !== 'v1' && version !== 'v1beta1')
    ) {
      continue;
    }
    if (params.as === 'Table') return { as: 'Table', version };
    if (
      params.as === 'PartialObjectMetadata' ||
      params.as === 'PartialObjectMetadataList'
    ) {
      return { as: 'PartialObjectMetadata', version };
    }
  }
  return { as: 'Object' };
}

/** The Content-Type a rendering is answered with. */
export function contentTypeOf(rendering: Rendering, list: boolean): string {
  if (rendering.as === 'Object') return 'application/json';
  const as =
    rendering.as === 'PartialObjectMetadata' && list
      ? 'PartialObjectMetadataList'
      : rendering.as;
  return `application/json;as=${as};g=meta.k8s.io;v=${rendering.version}`;
}

export function parseIncludeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value !== 'None' && value !== 'Metadata' && value !== 'Object') {
    throw badRequest(
      `includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`,
    );
  }
  return value;
}

/** An object's metadata as a PartialObjectMetadata. */
export function partialObjectMetadata(
  obj: KubeObject,
  version: 'v1' | 'v1beta1' = 'v1',
) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata,
  };
}

// --- formatting as kubectl's printers do -----------------------------------

/** duration.HumanDuration: `45s`, `5m3s`, `12m`, `3h20m`, `2d4h`, `40d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.floor(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const y = Math.floor(hours / 24 / 365);
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${y}y` : `${y}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(timestamp: unknown): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? '<unknown>' : humanDuration(Date.now() - at);
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function column(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): TableColumn {
  return { name, type, format, description, priority };
}

const NAME = column(
  'Name',
  'string',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  0,
  'name',
);
const AGE = column(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

interface Printer {
  columns: TableColumn[];
  cells: (o: KubeObject) => Cell[];
}

function containersOf(template: unknown): Json[] {
  return arr(obj(obj(template).spec).containers).map(obj);
}

/** The wide columns of a workload: its template's containers and its selector. */
function containerColumns(): TableColumn[] {
  return [
    column(
      'Containers',
      'string',
      'Names of each container in the template.',
      1,
    ),
    column(
      'Images',
      'string',
      'Images referenced by each container in the template.',
      1,
    ),
    column('Selector', 'string', 'Label selector of this workload.', 1),
  ];
}

function containerCells(o: KubeObject): Cell[] {
  const spec = obj(o.spec);
  const containers = containersOf(spec.template);
  return [
    containers.map(c => String(c.name ?? '')).join(','),
    containers.map(c => String(c.image ?? '')).join(','),
    formatLabelSelector(spec.selector as LabelSelectorSpec | undefined),
  ];
}

/** The status column of `kubectl get pods` (printPod). */
function podStatus(pod: KubeObject): {
  reason: string;
  ready: number;
  restarts: string;
} {
  const status = obj(pod.status);
  let reason = String(status.reason || status.phase || 'Pending');
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let running = false;
  const statuses = arr(status.containerStatuses).map(obj);
  for (const s of [...statuses].reverse()) {
    restarts += num(s.restartCount);
    const terminated = obj(obj(s.lastState).terminated);
    if (typeof terminated.finishedAt === 'string') {
      lastRestart = Math.max(
        lastRestart,
        Date.parse(terminated.finishedAt) || 0,
      );
    }
    const state = obj(s.state);
    const waiting = obj(state.waiting);
    const current = obj(state.terminated);
    if (typeof waiting.reason === 'string' && waiting.reason) {
      reason = waiting.reason;
    } else if (typeof current.reason === 'string' && current.reason) {
      reason = current.reason;
    } else if (state.terminated) {
      reason = current.signal
        ? `Signal:${current.signal}`
        : `ExitCode:${current.exitCode}`;
    } else if (state.running && s.ready) {
      running = true;
      ready++;
    }
  }
  if (reason === 'Completed' && running) {
    const readyCondition = arr(status.conditions)
      .map(obj)
      .find(c => c.type === 'Ready');
    reason = readyCondition?.status === 'True' ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp) {
    reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  const restartText =
    restarts > 0 && lastRestart > 0
      ? `${restarts} (${humanDuration(Date.now() - lastRestart)} ago)`
      : String(restarts);
  return { reason, ready, restarts: restartText };
}

const PRINTERS: Record<string, Printer> = {
  '|Pod': {
    columns: [
      NAME,
      column(
        'Ready',
        'string',
        'The aggregate readiness state of this pod for accepting traffic.',
      ),
      column(
        'Status',
        'string',
        'The aggregate status of the containers in this pod.',
      ),
      column(
        'Restarts',
        'string',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      AGE,
      column(
        'IP',
        'string',
        'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
        1,
      ),
      column(
        'Node',
        'string',
        'NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.',
        1,
      ),
      column(
        'Nominated Node',
        'string',
        'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
        1,
      ),
      column(
        'Readiness Gates',
        'string',
        'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
        1,
      ),
    ],
    cells: pod => {
      const { reason, ready, restarts } = podStatus(pod);
      const spec = obj(pod.spec);
      const status = obj(pod.status);
      const gates = arr(spec.readinessGates);
      return [
        pod.metadata.name,
        `${ready}/${arr(spec.containers).length}`,
        reason,
        restarts,
        age(pod.metadata.creationTimestamp),
        String(status.podIP ?? '<none>'),
        String(spec.nodeName ?? '<none>'),
        String(status.nominatedNodeName ?? '<none>'),
        gates.length === 0 ? '<none>' : `0/${gates.length}`,
      ];
    },
  },
  'apps|Deployment': {
    columns: [
      NAME,
      column('Ready', 'string', 'Number of the pod with ready state'),
      column(
        'Up-to-date',
        'string',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      column(
        'Available',
        'string',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      AGE,
      ...containerColumns(),
    ],
    cells: d => {
      const status = obj(d.status);
      const replicas = obj(d.spec).replicas ?? 1;
      return [
        d.metadata.name,
        `${num(status.readyReplicas)}/${String(replicas)}`,
        num(status.updatedReplicas),
        num(status.availableReplicas),
        age(d.metadata.creationTimestamp),
        ...containerCells(d),
      ];
    },
  },
  'apps|ReplicaSet': {
    columns: [
      NAME,
      column(
        'Desired',
        'integer',
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      ),
      column(
        'Current',
        'integer',
        'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
      ),
      column(
        'Ready',
        'integer',
        'The number of ready replicas for this replica set.',
      ),
      AGE,
      ...containerColumns(),
    ],
    cells: rs => {
      const status = obj(rs.status);
      return [
        rs.metadata.name,
        num(obj(rs.spec).replicas ?? 1),
        num(status.replicas),
        num(status.readyReplicas),
        age(rs.metadata.creationTimestamp),
        ...containerCells(rs),
      ];
    },
  },
  'apps|DaemonSet': {
    columns: [
      NAME,
      column(
        'Desired',
        'integer',
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      ),
      column(
        'Current',
        'integer',
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
      ),
      column(
        'Ready',
        'integer',
        'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      ),
      column(
        'Up-to-date',
        'integer',
        'The total number of nodes that are running updated daemon pod',
      ),
      column(
        'Available',
        'integer',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      ),
      column(
        'Node Selector',
        'string',
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
      ),
      AGE,
      ...containerColumns(),
    ],
    cells: ds => {
      const status = obj(ds.status);
      const selector = obj(obj(obj(ds.spec).template).spec).nodeSelector;
      const terms = Object.entries(obj(selector)).map(
        ([k, v]) => `${k}=${String(v)}`,
      );
      return [
        ds.metadata.name,
        num(status.desiredNumberScheduled),
        num(status.currentNumberScheduled),
        num(status.numberReady),
        num(status.updatedNumberScheduled),
        num(status.numberAvailable),
        terms.length > 0 ? terms.join(',') : '<none>',
        age(ds.metadata.creationTimestamp),
        ...containerCells(ds),
      ];
    },
  },
  '|Node': {
    columns: [
      NAME,
      column('Status', 'string', 'The status of the node'),
      column('Roles', 'string', 'The roles of the node'),
      AGE,
      column('Version', 'string', 'Kubelet Version reported by the node.'),
      column(
        'Internal-IP',
        'string',
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
        1,
      ),
      column(
        'External-IP',
        'string',
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
        1,
      ),
      column(
        'OS-Image',
        'string',
        'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
        1,
      ),
      column(
        'Kernel-Version',
        'string',
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
        1,
      ),
      column(
        'Container-Runtime',
        'string',
        'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
        1,
      ),
    ],
    cells: node => {
      const status = obj(node.status);
      const ready = arr(status.conditions)
        .map(obj)
        .find(c => c.type === 'Ready');
      let state = 'Unknown';
      if (ready) state = ready.status === 'True' ? 'Ready' : 'NotReady';
      const states = [state];
      if (obj(node.spec).unschedulable) states.push('SchedulingDisabled');
      const roles = Object.keys(node.metadata.labels ?? {})
        .filter(l => l.startsWith('node-role.kubernetes.io/'))
        .map(l => l.slice('node-role.kubernetes.io/'.length))
        .filter(Boolean);
      const addresses = arr(status.addresses).map(obj);
      const address = (type: string) =>
        String(addresses.find(a => a.type === type)?.address ?? '<none>');
      const info = obj(status.nodeInfo);
      return [
        node.metadata.name,
        states.join(','),
        roles.length > 0 ? roles.sort().join(',') : '<none>',
        age(node.metadata.creationTimestamp),
        String(info.kubeletVersion ?? ''),
        address('InternalIP'),
        address('ExternalIP'),
        String(info.osImage ?? '<unknown>'),
        String(info.kernelVersion ?? '<unknown>'),
        String(info.containerRuntimeVersion ?? '<unknown>'),
      ];
    },
  },
  '|Namespace': {
    columns: [
      NAME,
      column('Status', 'string', 'The status of the namespace'),
      AGE,
    ],
    cells: ns => [
      ns.metadata.name,
      String(obj(ns.status).phase ?? 'Active'),
      age(ns.metadata.creationTimestamp),
    ],
  },
  '|Service': {
    columns: [
      NAME,
      column('Type', 'string', 'The type of service.'),
      column('Cluster-IP', 'string', 'The cluster IP of the service.'),
      column('External-IP', 'string', 'The external IP of the service.'),
      column('Port(s)', 'string', 'The ports of the service.'),
      AGE,
      column(
        'Selector',
        'string',
        'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
        1,
      ),
    ],
    cells: svc => {
      const spec = obj(svc.spec);
      const type = String(spec.type ?? 'ClusterIP');
      const ingress = arr(obj(obj(svc.status).loadBalancer).ingress)
        .map(obj)
        .map(i => String(i.ip ?? i.hostname ?? ''))
        .filter(Boolean);
      let external = '<none>';
      if (type === 'LoadBalancer') {
        external = ingress.length > 0 ? ingress.join(',') : '<pending>';
      } else if (type === 'ExternalName') {
        external = String(spec.externalName ?? '<none>');
      }
      const ports = arr(spec.ports)
        .map(obj)
        .map(
          p =>
            `${String(p.port)}${
              p.nodePort ? `:${String(p.nodePort)}` : ''
            }/${String(p.protocol ?? 'TCP')}`,
        );
      const selector = Object.entries(obj(spec.selector)).map(
        ([k, v]) => `${k}=${String(v)}`,
      );
      return [
        svc.metadata.name,
        type,
        String(spec.clusterIP ?? '<none>'),
        external,
        ports.length > 0 ? ports.join(',') : '<none>',
        age(svc.metadata.creationTimestamp),
        selector.length > 0 ? selector.sort().join(',') : '<none>',
      ];
    },
  },
  '|Event': {
    columns: [
      column(
        'Last Seen',
        'string',
        'The time at which the most recent occurrence of this event was recorded.',
      ),
      column(
        'Type',
        'string',
        'Type of this event (Normal, Warning), new types could be added in the future',
      ),
      column(
        'Reason',
        'string',
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      column('Object', 'string', 'The object that this event is about.'),
      column(
        'Subobject',
        'string',
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
        1,
      ),
      column(
        'Source',
        'string',
        'The component reporting this event. Should be a short machine understandable string.',
        1,
      ),
      column(
        'Message',
        'string',
        'A human-readable description of the status of this operation.',
      ),
      column(
        'First Seen',
        'string',
        'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
        1,
      ),
      column(
        'Count',
        'string',
        'The number of times this event has occurred.',
        1,
      ),
      { ...NAME, priority: 1 },
    ],
    cells: event => {
      const involved = obj(event.involvedObject);
      const kind = String(involved.kind ?? '').toLowerCase();
      const target = involved.name ? `${kind}/${String(involved.name)}` : kind;
      const first = age(event.firstTimestamp);
      const last = age(event.lastTimestamp);
      const count = num(event.count);
      const source = obj(event.source);
      const component = String(source.component ?? '');
      return [
        count > 1 ? `${last} (x${count} over ${first})` : last,
        String(event.type ?? ''),
        String(event.reason ?? ''),
        target,
        String(involved.fieldPath ?? ''),
        source.host ? `${component}, ${String(source.host)}` : component,
        String(event.message ?? '').trim(),
        first,
        count,
        event.metadata.name,
      ];
    },
  },
  'networking.k8s.io|Ingress': {
    columns: [
      NAME,
      column('Class', 'string', 'The name of the IngressClass resource.'),
      column(
        'Hosts',
        'string',
        'Hosts that incoming requests are matched against before the ingress rule',
      ),
      column(
        'Address',
        'string',
        'Address is a list containing ingress points for the load-balancer',
      ),
      column('Ports', 'string', 'Ports of TLS configurations that open'),
      AGE,
    ],
    cells: ing => {
      const spec = obj(ing.spec);
      const hosts = arr(spec.rules)
        .map(obj)
        .map(r => String(r.host ?? ''))
        .filter(Boolean);
      const addresses = arr(obj(obj(ing.status).loadBalancer).ingress)
        .map(obj)
        .map(i => String(i.ip ?? i.hostname ?? ''))
        .filter(Boolean);
      return [
        ing.metadata.name,
        String(spec.ingressClassName ?? '<none>'),
        hosts.length > 0 ? hosts.join(',') : '*',
        addresses.join(','),
        arr(spec.tls).length > 0 ? '80, 443' : '80',
        age(ing.metadata.creationTimestamp),
      ];
    },
  },
  'policy|PodDisruptionBudget': {
    columns: [
      NAME,
      column(
        'Min Available',
        'string',
        'The minimum number of pods that must be available simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".',
      ),
      column(
        'Max Unavailable',
        'string',
        'The maximum number of pods that may be unavailable simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".',
      ),
      column(
        'Allowed Disruptions',
        'integer',
        'Number of pod disruptions that are currently allowed.',
      ),
      AGE,
    ],
    cells: pdb => {
      const spec = obj(pdb.spec);
      return [
        pdb.metadata.name,
        spec.minAvailable === undefined ? 'N/A' : String(spec.minAvailable),
        spec.maxUnavailable === undefined ? 'N/A' : String(spec.maxUnavailable),
        num(obj(pdb.status).disruptionsAllowed),
        age(pdb.metadata.creationTimestamp),
      ];
    },
  },
  'storage.k8s.io|StorageClass': {
    columns: [
      NAME,
      column('Provisioner', 'string', 'Indicates the type of the provisioner.'),
      column(
        'ReclaimPolicy',
        'string',
        'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete.',
      ),
      column(
        'VolumeBindingMode',
        'string',
        'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.',
      ),
      column(
        'AllowVolumeExpansion',
        'string',
        'AllowVolumeExpansion shows whether the storage class allow volume expand',
      ),
      AGE,
    ],
    cells: sc => {
      const isDefault =
        sc.metadata.annotations?.[
          'storageclass.kubernetes.io/is-default-class'
        ] === 'true';
      return [
        isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
        String(sc.provisioner ?? ''),
        String(sc.reclaimPolicy ?? 'Delete'),
        String(sc.volumeBindingMode ?? 'Immediate'),
        sc.allowVolumeExpansion === true,
        age(sc.metadata.creationTimestamp),
      ];
    },
  },
  '|ConfigMap': {
    columns: [
      NAME,
      column(
        'Data',
        'string',
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      ),
      AGE,
    ],
    cells: cm => [
      cm.metadata.name,
      Object.keys(obj(cm.data)).length + Object.keys(obj(cm.binaryData)).length,
      age(cm.metadata.creationTimestamp),
    ],
  },
  '|Secret': {
    columns: [
      NAME,
      column(
        'Type',
        'string',
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      ),
      column(
        'Data',
        'string',
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      ),
      AGE,
    ],
    cells: secret => [
      secret.metadata.name,
      String(secret.type ?? 'Opaque'),
      Object.keys(obj(secret.data)).length,
      age(secret.metadata.creationTimestamp),
    ],
  },
  '|ServiceAccount': {
    columns: [
      NAME,
      column(
        'Secrets',
        'string',
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
      ),
      AGE,
    ],
    cells: sa => [
      sa.metadata.name,
      arr(sa.secrets).length,
      age(sa.metadata.creationTimestamp),
    ],
  },
};

// --- custom resources: additionalPrinterColumns -----------------------------

/**
 * Evaluates the JSONPath subset CRD printer columns use: `.a.b` (with `\.`
 * escapes), `[n]`, `[*]` and `[?(@.field=="value")]` filters.
 */
export function evaluateJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  let i = 0;
  const text = path.replace(/^\{|\}$/g, '');
  while (i < text.length) {
    if (text[i] === '.') {
      i++;
      let name = '';
      while (i < text.length && text[i] !== '.' && text[i] !== '[') {
        if (text[i] === '\\' && i + 1 < text.length) {
          name += text[i + 1];
          i += 2;
        } else {
          name += text[i++];
        }
      }
      current = current.flatMap(v => {
        const value = obj(v)[name];
        return value === undefined ? [] : [value];
      });
    } else if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) return [];
      const inner = text.slice(i + 1, end);
      i = end + 1;
      const filter = /^\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)$/.exec(inner);
      if (inner === '*') {
        current = current.flatMap(v =>
          Array.isArray(v) ? v : Object.values(obj(v)),
        );
      } else if (filter) {
        current = current.flatMap(v =>
          arr(v).filter(item => {
            const [value] = evaluateJsonPath(item, `.${filter[1]}`);
            return String(value) === filter[2];
          }),
        );
      } else if (/^-?\d+$/.test(inner)) {
        const index = Number(inner);
        current = current.flatMap(v => {
          const list = arr(v);
          const item = list[index < 0 ? list.length + index : index];
          return item === undefined ? [] : [item];
        });
      } else {
        return [];
      }
    } else {
      return [];
    }
  }
  return current;
}

interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

function customPrinter(
  cluster: KubernetesCluster,
  type: ResourceType,
): Printer | undefined {
  const crd = cluster
    .view('apiextensions.k8s.io/v1', 'CustomResourceDefinition')
    .find(c => c.metadata.name === `${type.plural}.${type.group}`);
  const version = arr(obj(crd?.spec).versions)
    .map(obj)
    .find(v => v.name === type.version);
  const printerColumns = arr(version?.additionalPrinterColumns).map(
    c => c as PrinterColumn,
  );
  if (printerColumns.length === 0) return undefined;
  return {
    columns: [
      NAME,
      ...printerColumns.map(c =>
        column(
          c.name,
          c.type,
          c.description ?? '',
          c.priority ?? 0,
          c.format ?? '',
        ),
      ),
    ],
    cells: o => [
      o.metadata.name,
      ...printerColumns.map(c => {
        const values = evaluateJsonPath(o, c.jsonPath);
        if (values.length === 0) return null;
        const [first] = values;
        if (c.type === 'integer' || c.type === 'number') {
          return typeof first === 'number' ? first : null;
        }
        if (c.type === 'boolean')
          return typeof first === 'boolean' ? first : null;
        return values
          .map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join(',');
      }),
    ],
  };
}

/** The default table of every other kind: Name and Created At. */
const DEFAULT_PRINTER: Printer = {
  columns: [
    NAME,
    column(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    ),
  ],
  cells: o => [o.metadata.name, o.metadata.creationTimestamp ?? null],
};

/** Custom resources without printer columns: Name and Age. */
const CUSTOM_DEFAULT_PRINTER: Printer = {
  columns: [NAME, column('Age', 'date', AGE.description)],
  cells: o => [o.metadata.name, o.metadata.creationTimestamp ?? null],
};

function printerFor(cluster: KubernetesCluster, type: ResourceType): Printer {
  if (type.custom)
    return customPrinter(cluster, type) ?? CUSTOM_DEFAULT_PRINTER;
  return PRINTERS[`${type.group}|${type.kind}`] ?? DEFAULT_PRINTER;
}

/**
 * A meta.k8s.io Table of objects, with the columns and cells the API
 * server's printers produce for their kind (a CRD's
 * additionalPrinterColumns for custom resources; Name and Created At for
 * kinds without a printer), each row carrying the object, its metadata or
 * nothing (`includeObject`).
 */
export function toTable(
  cluster: KubernetesCluster,
  type: ResourceType,
  objects: KubeObject[],
  options: {
    version: 'v1' | 'v1beta1';
    includeObject: IncludeObject;
    metadata: Record<string, unknown>;
  },
) {
  const printer = printerFor(cluster, type);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.metadata,
    columnDefinitions: printer.columns,
    rows: objects.map(o => {
      const row: { cells: Cell[]; object?: unknown } = {
        cells: printer.cells(o),
      };
      if (options.includeObject === 'Object') row.object = o;
      if (options.includeObject === 'Metadata') {
        row.object = partialObjectMetadata(o, options.version);
      }
      return row;
    }),
  };
}
