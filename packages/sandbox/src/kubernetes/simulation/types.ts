import type { ResourceType } from '../resources.ts';
import type { KarpenterAwsView, KubeObject } from '../types.ts';

/**
 * What the simulation controllers need from a cluster (the
 * `KubernetesCluster` store satisfies it).
 */
export interface SimulatedCluster {
  readonly name: string;
  readonly kubernetesVersion: string;
  apply(obj: KubeObject): KubeObject;
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** The stored objects of a kind, not copied: never modify them. */
  view(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): ReadonlyArray<KubeObject>;
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): boolean;
  /** The stored object with a uid, not copied: never modify it. */
  byUid(uid: string): KubeObject | undefined;
  /** Every stored object, not copied: never modify them. */
  viewAll(): ReadonlyArray<KubeObject>;
  /** The resource types served (built-ins and those of stored CRDs). */
  resourceTypes(): ResourceType[];
  podIdentityAgentActive(): boolean;
  /** The AWS resources Karpenter resolves node classes against, if known. */
  karpenterAws(): KarpenterAwsView | undefined;
  scheduleProbes(active: () => boolean, tick: () => void): void;
  wakeAt(at: number): void;
}

/** Loose views of the object parts the controllers read. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string> };
}

export interface TopologySpreadConstraint {
  maxSkew?: number;
  topologyKey: string;
  whenUnsatisfiable?: string;
  labelSelector?: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{
      key: string;
      operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
      values?: string[];
    }>;
  };
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  containers?: Container[];
  serviceAccountName?: string;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  [k: string]: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  [k: string]: unknown;
}

export function podSpecOf(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

export function conditionsOf(obj: KubeObject): Condition[] {
  const status = (obj.status ?? {}) as { conditions?: Condition[] };
  return status.conditions ?? [];
}

export function isTrue(obj: KubeObject, type: string): boolean {
  return conditionsOf(obj).some(c => c.type === type && c.status === 'True');
}

export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  return (obj.metadata.ownerReferences as OwnerReference[] | undefined) ?? [];
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return ownerReferencesOf(obj).some(r => r.uid === owner.metadata.uid);
}

export function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether a pod is being deleted. */
export function isTerminating(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

/**
 * The Deployment a pod belongs to (pod -> ReplicaSet -> Deployment by
 * controller references), or undefined.
 */
export function owningDeployment(
  cluster: Pick<SimulatedCluster, 'byUid'>,
  pod: KubeObject,
): KubeObject | undefined {
  const rsRef = ownerReferencesOf(pod).find(
    r => r.controller && r.kind === 'ReplicaSet',
  );
  const rs = rsRef ? cluster.byUid(rsRef.uid) : undefined;
  const deploymentRef = rs
    ? ownerReferencesOf(rs).find(r => r.controller && r.kind === 'Deployment')
    : undefined;
  return deploymentRef ? cluster.byUid(deploymentRef.uid) : undefined;
}
