import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { formatCpu, formatMemory, parseQuantity } from './quantity.ts';
import {
  isTerminating,
  isTrue,
  podSpecOf,
  type OwnerReference,
  type PodSpec,
  type Taint,
  type Toleration,
} from './types.ts';

/** What a node offers, in cores, bytes and pods. */
export interface Capacity {
  cpu: number;
  memory: number;
  pods: number;
}

/** Options of a simulated node. */
export interface NodeOptions {
  name: string;
  zone: string;
  instanceType: string;
  capacity: Capacity;
  labels?: Record<string, string>;
  taints?: Taint[];
  kubernetesVersion: string;
  internalIp: string;
  providerId: string;
  ownerReferences?: OwnerReference[];
}

/** The region of a zone (`eu-west-1a` -> `eu-west-1`). */
export function regionOfZone(zone: string): string {
  return zone.replace(/[a-z]$/, '');
}

/** Allocatable after kubelet and system reservations (as on EKS AMIs). */
export function allocatableOf(capacity: Capacity): Capacity {
  return {
    cpu: capacity.cpu - 0.07 - 0.01 * Math.max(0, capacity.cpu - 1),
    memory:
      capacity.memory - (255 + 11 * capacity.pods) * 2 ** 20 - 100 * 2 ** 20,
    pods: capacity.pods,
  };
}

function resourceList(c: Capacity) {
  return {
    cpu: formatCpu(c.cpu),
    memory: formatMemory(c.memory),
    pods: String(c.pods),
    'ephemeral-storage': '20959212Ki',
  };
}

/** A Ready Node object as an EKS worker registers it. */
export function nodeObject(opts: NodeOptions): KubeObject {
  const now = kubeTimestamp();
  const region = regionOfZone(opts.zone);
  const [major, minor] = opts.kubernetesVersion.split('.');
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: opts.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': opts.name,
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': opts.instanceType,
        'topology.kubernetes.io/region': region,
        'topology.kubernetes.io/zone': opts.zone,
        'topology.k8s.aws/zone-id': `euw1-az${
          opts.zone.charCodeAt(opts.zone.length - 1) - 96
        }`,
        ...opts.labels,
      },
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': opts.internalIp,
        'node.alpha.kubernetes.io/ttl': '0',
      },
      ...(opts.ownerReferences
        ? { ownerReferences: opts.ownerReferences }
        : {}),
    },
    spec: {
      providerID: opts.providerId,
      ...(opts.taints && opts.taints.length ? { taints: opts.taints } : {}),
    },
    status: {
      capacity: resourceList(opts.capacity),
      allocatable: resourceList(allocatableOf(opts.capacity)),
      conditions: [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
        ['Ready', 'True', 'KubeletReady'],
      ].map(([type, status, reason]) => ({
        type,
        status,
        reason,
        message:
          type === 'Ready'
            ? 'kubelet is posting ready status'
            : `kubelet has ${reason.replace(/^KubeletHas/, '')}`,
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      })),
      addresses: [
        { type: 'InternalIP', address: opts.internalIp },
        { type: 'InternalDNS', address: opts.name },
        { type: 'Hostname', address: opts.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.9.20251014',
        kernelVersion: '6.12.46-66.121.amzn2023.x86_64',
        containerRuntimeVersion: 'containerd://2.1.4',
        kubeletVersion: `v${major}.${minor}.5-eks-3025e55`,
        kubeProxyVersion: '',
      },
    },
  };
}

/** A node's name from its IP, as EC2 private DNS names are. */
export function nodeNameFor(ip: string, zone: string): string {
  return `ip-${ip.replace(/\./g, '-')}.${regionOfZone(zone)}.compute.internal`;
}

/** Whether the tolerations allow the taint. */
export function tolerates(
  tolerations: Toleration[] | undefined,
  taint: Taint,
): boolean {
  return (tolerations ?? []).some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Whether a pod may run on a node with these taints. */
export function toleratesAll(
  spec: PodSpec,
  taints: Taint[] | undefined,
): boolean {
  return (taints ?? [])
    .filter(t => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every(t => tolerates(spec.tolerations, t));
}

/** Whether the node is Ready and schedulable. */
export function isSchedulable(node: KubeObject): boolean {
  const spec = (node.spec ?? {}) as { unschedulable?: boolean };
  return isTrue(node, 'Ready') && !spec.unschedulable && !isTerminating(node);
}

export function taintsOf(node: KubeObject): Taint[] {
  return ((node.spec ?? {}) as { taints?: Taint[] }).taints ?? [];
}

export function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** A pod's resource requests: the sum over its containers. */
export function podRequests(pod: KubeObject): Capacity {
  const containers = podSpecOf(pod).containers ?? [];
  return containers.reduce<Capacity>(
    (sum, c) => ({
      cpu: sum.cpu + parseQuantity(c.resources?.requests?.cpu),
      memory: sum.memory + parseQuantity(c.resources?.requests?.memory),
      pods: sum.pods,
    }),
    { cpu: 0, memory: 0, pods: 1 },
  );
}

/** A node's allocatable resources. */
export function nodeAllocatable(node: KubeObject): Capacity {
  const allocatable =
    ((node.status ?? {}) as { allocatable?: Record<string, string> })
      .allocatable ?? {};
  return {
    cpu: parseQuantity(allocatable.cpu),
    memory: parseQuantity(allocatable.memory),
    pods: parseQuantity(allocatable.pods),
  };
}

export function addCapacity(a: Capacity, b: Capacity): Capacity {
  return {
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
    pods: a.pods + b.pods,
  };
}

export function fits(
  used: Capacity,
  extra: Capacity,
  limit: Capacity,
): boolean {
  const total = addCapacity(used, extra);
  return (
    total.cpu <= limit.cpu + 1e-9 &&
    total.memory <= limit.memory &&
    total.pods <= limit.pods
  );
}
