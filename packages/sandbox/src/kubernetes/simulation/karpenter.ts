import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { recordEvent } from './events.ts';
import {
  INSTANCE_TYPES,
  instanceTypeLabels,
  type InstanceType,
} from './instanceTypes.ts';
import { isKarpenterControllerPod } from './kubelet.ts';
import { randomHex, randomSuffix } from './names.ts';
import {
  addCapacity,
  allocatableOf,
  fits,
  labelsMatch,
  nodeNameFor,
  nodeObject,
  podRequests,
  regionOfZone,
  toleratesAll,
  type Capacity,
} from './nodes.ts';
import { formatCpu, formatMemory, parseQuantity } from './quantity.ts';
import { allowedValues, satisfies, type Requirement } from './requirements.ts';
import {
  bindPod,
  isUnschedulable,
  pendingPods,
  placedPods,
} from './scheduler.ts';
import { resolveNodeClass, type NodeClassSpec } from './nodeClassStatus.ts';
import { keepTransitionTimes, updateStatus } from './status.ts';
import {
  allowedZones,
  leastLoadedZone,
  siblingZone,
  ZONE_LABEL,
  zoneSpreadOf,
} from './topology.ts';
import {
  isTerminating,
  isTrue,
  ownerReferencesOf,
  podSpecOf,
  type SimulatedCluster,
  type Taint,
} from './types.ts';

export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
export const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';
const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

interface NodePoolSpec {
  weight?: number;
  limits?: Record<string, string>;
  template?: {
    metadata?: { labels?: Record<string, string> };
    spec?: {
      requirements?: Requirement[];
      taints?: Taint[];
      nodeClassRef?: { group: string; kind: string; name: string };
      expireAfter?: string;
    };
  };
}

interface Pool {
  obj: KubeObject;
  spec: NodePoolSpec;
  requirements: Requirement[];
  labels: Record<string, string>;
  taints: Taint[];
}

interface PlannedNode {
  pool: Pool;
  zone: string;
  capacityType: string;
  types: InstanceType[];
  pods: KubeObject[];
  requests: Capacity;
}

const EMPTY: Capacity = { cpu: 0, memory: 0, pods: 0 };

function poolsOf(cluster: SimulatedCluster): Pool[] {
  return cluster
    .view('karpenter.sh/v1', 'NodePool')
    .filter(p => !isTerminating(p))
    .map(obj => {
      const spec = (obj.spec ?? {}) as NodePoolSpec;
      return {
        obj,
        spec,
        requirements: spec.template?.spec?.requirements ?? [],
        labels: spec.template?.metadata?.labels ?? {},
        taints: spec.template?.spec?.taints ?? [],
      };
    })
    .sort(
      (a, b) =>
        (b.spec.weight ?? 0) - (a.spec.weight ?? 0) ||
        a.obj.metadata.name.localeCompare(b.obj.metadata.name),
    );
}

/** The EC2NodeClass a pool's template refers to, if it exists. */
function nodeClassOf(
  cluster: SimulatedCluster,
  pool: Pool,
): KubeObject | undefined {
  const ref = pool.spec.template?.spec?.nodeClassRef;
  return ref
    ? cluster.get('karpenter.k8s.aws/v1', 'EC2NodeClass', undefined, ref.name)
    : undefined;
}

/** A NodePool's NodeClassReady condition. */
function nodeClassCondition(
  nodeClass: KubeObject | undefined,
  name: string,
  status: string,
) {
  if (!nodeClass) {
    return {
      type: 'NodeClassReady',
      status,
      reason: 'NodeClassNotFound',
      message: `EC2NodeClass "${name}" not found`,
    };
  }
  if (status === 'True') {
    return {
      type: 'NodeClassReady',
      status,
      reason: 'NodeClassReady',
      message: '',
    };
  }
  return {
    type: 'NodeClassReady',
    status,
    reason: 'NodeClassNotReady',
    message: 'NodeClass not ready',
  };
}

/** The status of an object's Ready condition ('Unknown' when it has none). */
function readyStatusOf(obj: KubeObject): string {
  const conditions =
    (obj.status as { conditions?: Array<{ type: string; status: string }> })
      ?.conditions ?? [];
  return conditions.find(c => c.type === 'Ready')?.status ?? 'Unknown';
}

/** Whether a Karpenter controller pod is Ready. */
function karpenterIsRunning(cluster: SimulatedCluster): boolean {
  return cluster
    .view('v1', 'Pod')
    .some(p => isKarpenterControllerPod(cluster, p) && isTrue(p, 'Ready'));
}

function claimsOf(cluster: SimulatedCluster, pool: KubeObject): KubeObject[] {
  return cluster
    .view('karpenter.sh/v1', 'NodeClaim')
    .filter(c => c.metadata.labels?.[NODEPOOL_LABEL] === pool.metadata.name);
}

function capacityOfClaim(claim: KubeObject): Capacity {
  const capacity =
    ((claim.status ?? {}) as { capacity?: Record<string, string> }).capacity ??
    {};
  return {
    cpu: parseQuantity(capacity.cpu),
    memory: parseQuantity(capacity.memory),
    pods: parseQuantity(capacity.pods),
  };
}

function knownZones(cluster: SimulatedCluster, pool: Pool): string[] {
  const fromRequirement = pool.requirements
    .filter(r => r.key === ZONE_LABEL && r.operator === 'In')
    .flatMap(r => r.values ?? []);
  const fromNodes = cluster
    .view('v1', 'Node')
    .map(n => n.metadata.labels?.[ZONE_LABEL])
    .filter((z): z is string => Boolean(z));
  const universe = [...new Set([...fromRequirement, ...fromNodes])].sort();
  return allowedValues(pool.requirements, ZONE_LABEL, universe);
}

function labelsFor(
  pool: Pool,
  type: InstanceType,
  zone: string,
  capacityType: string,
) {
  return {
    ...pool.labels,
    ...instanceTypeLabels(type),
    [ZONE_LABEL]: zone,
    'topology.kubernetes.io/region': regionOfZone(zone),
    [CAPACITY_TYPE_LABEL]: capacityType,
    [NODEPOOL_LABEL]: pool.obj.metadata.name,
  };
}

/** Whether one more node of this capacity stays within the pool's limits. */
function withinLimits(pool: Pool, usage: Capacity, add: Capacity): boolean {
  const limits = pool.spec.limits ?? {};
  if (limits.cpu && usage.cpu + add.cpu > parseQuantity(limits.cpu))
    return false;
  if (
    limits.memory &&
    usage.memory + add.memory > parseQuantity(limits.memory)
  ) {
    return false;
  }
  return true;
}

/**
 * The instance types (within the pool's remaining limits), zones and
 * capacity types a pool offers a pod.
 */
function offeringsFor(
  cluster: SimulatedCluster,
  pool: Pool,
  pod: KubeObject,
  usage: Capacity,
) {
  const spec = podSpecOf(pod);
  if (!toleratesAll(spec, pool.taints)) return undefined;
  const selector = spec.nodeSelector ?? {};
  const zones = knownZones(cluster, pool).filter(
    z => !selector[ZONE_LABEL] || selector[ZONE_LABEL] === z,
  );
  const capacityTypes = allowedValues(pool.requirements, CAPACITY_TYPE_LABEL, [
    'spot',
    'on-demand',
  ]).filter(
    c => !selector[CAPACITY_TYPE_LABEL] || selector[CAPACITY_TYPE_LABEL] === c,
  );
  const otherRequirements = pool.requirements.filter(
    r => r.key !== ZONE_LABEL && r.key !== CAPACITY_TYPE_LABEL,
  );
  const types = INSTANCE_TYPES.filter(t => {
    const labels = { ...pool.labels, ...instanceTypeLabels(t) };
    return (
      withinLimits(pool, usage, t.capacity) &&
      otherRequirements.every(r => satisfies(r, labels)) &&
      labelsMatch(
        Object.fromEntries(
          Object.entries(selector).filter(
            ([k]) =>
              k !== ZONE_LABEL &&
              k !== CAPACITY_TYPE_LABEL &&
              k !== NODEPOOL_LABEL,
          ),
        ),
        labels,
      ) &&
      (!selector[NODEPOOL_LABEL] ||
        selector[NODEPOOL_LABEL] === pool.obj.metadata.name)
    );
  });
  if (zones.length === 0 || capacityTypes.length === 0 || types.length === 0) {
    return undefined;
  }
  return { zones, capacityTypes, types };
}

function cheapestFitting(types: InstanceType[], requests: Capacity) {
  return [...types]
    .sort(
      (a, b) =>
        a.capacity.cpu - b.capacity.cpu ||
        a.capacity.memory - b.capacity.memory,
    )
    .find(t => fits(EMPTY, requests, allocatableOf(t.capacity)));
}

/**
 * The zone for a pod: the least loaded one under a zone spread constraint;
 * otherwise its siblings' zone, or the first zone (no spreading by default).
 */
function chooseZone(
  pod: KubeObject,
  zones: string[],
  placed: Array<{ pod: KubeObject; zone: string }>,
): string | undefined {
  if (zoneSpreadOf(pod)) {
    return leastLoadedZone(pod, allowedZones(pod, zones, placed), placed);
  }
  const sibling = siblingZone(pod, placed);
  return sibling && zones.includes(sibling) ? sibling : zones[0];
}

/** Plans nodes for unschedulable pods: zone by spread constraint, else the first zone. */
function plan(
  cluster: SimulatedCluster,
  pools: Pool[],
  pods: KubeObject[],
  usage: Map<string, Capacity>,
): {
  planned: PlannedNode[];
  overLimit: Array<{ pod: KubeObject; pool: Pool }>;
} {
  const planned: PlannedNode[] = [];
  const overLimit: Array<{ pod: KubeObject; pool: Pool }> = [];
  const placed = placedPods(cluster).map(({ pod, zone }) => ({ pod, zone }));
  for (const pod of pods) {
    let limitedBy: Pool | undefined;
    let placedIt = false;
    for (const pool of pools) {
      const offerings = offeringsFor(
        cluster,
        pool,
        pod,
        usage.get(pool.obj.metadata.name) ?? EMPTY,
      );
      if (!offerings) {
        if (!limitedBy && offeringsFor(cluster, pool, pod, EMPTY)) {
          limitedBy = pool;
        }
        continue;
      }
      const zone = chooseZone(pod, offerings.zones, placed);
      if (!zone) continue;
      const requests = podRequests(pod);
      const capacityType = offerings.capacityTypes[0];
      const joinable = planned.find(
        p =>
          p.pool === pool &&
          p.zone === zone &&
          p.capacityType === capacityType &&
          cheapestFitting(
            p.types.filter(t => offerings.types.includes(t)),
            addCapacity(p.requests, requests),
          ),
      );
      if (joinable) {
        joinable.types = joinable.types.filter(t =>
          offerings.types.includes(t),
        );
        joinable.pods.push(pod);
        joinable.requests = addCapacity(joinable.requests, requests);
      } else if (cheapestFitting(offerings.types, requests)) {
        planned.push({
          pool,
          zone,
          capacityType,
          types: offerings.types,
          pods: [pod],
          requests,
        });
      } else {
        continue;
      }
      placed.push({ pod, zone });
      placedIt = true;
      break;
    }
    if (!placedIt && limitedBy) overLimit.push({ pod, pool: limitedBy });
  }
  return { planned, overLimit };
}

function launch(
  cluster: SimulatedCluster,
  node: PlannedNode,
  type: InstanceType,
) {
  const pool = node.pool;
  const zone = node.zone;
  const zoneIndex = zone.charCodeAt(zone.length - 1) - 97;
  const taken = new Set(cluster.view('v1', 'Node').map(n => n.metadata.name));
  let ip = '';
  do {
    const bytes = Buffer.from(randomHex(4), 'hex');
    ip = `10.0.${64 + zoneIndex * 32 + (bytes[0] % 32)}.${
      1 + (bytes[1] % 254)
    }`;
  } while (taken.has(nodeNameFor(ip, zone)));
  const nodeName = nodeNameFor(ip, zone);
  const providerId = `aws:///${zone}/i-0${randomHex(16)}`;
  const labels = {
    ...labelsFor(pool, type, zone, node.capacityType),
    'karpenter.sh/registered': 'true',
    'karpenter.sh/initialized': 'true',
  };
  const capacity = {
    cpu: formatCpu(type.capacity.cpu),
    memory: formatMemory(type.capacity.memory),
    pods: String(type.capacity.pods),
    'ephemeral-storage': '20Gi',
  };
  const allocatable = allocatableOf(type.capacity);
  const now = kubeTimestamp();
  const claim = cluster.apply({
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name: `${pool.obj.metadata.name}-${randomSuffix()}`,
      labels,
      annotations: { 'karpenter.sh/nodepool-hash-version': 'v3' },
      ownerReferences: [
        {
          apiVersion: pool.obj.apiVersion,
          kind: pool.obj.kind,
          name: pool.obj.metadata.name,
          uid: pool.obj.metadata.uid!,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeClassRef: pool.spec.template?.spec?.nodeClassRef,
      requirements: [
        ...pool.requirements.filter(r => r.key !== INSTANCE_TYPE_LABEL),
        {
          key: INSTANCE_TYPE_LABEL,
          operator: 'In',
          values: node.types.map(t => t.name),
        },
      ],
      resources: {
        requests: {
          cpu: formatCpu(node.requests.cpu),
          memory: formatMemory(node.requests.memory),
          pods: String(node.pods.length),
        },
      },
      expireAfter: pool.spec.template?.spec?.expireAfter ?? '720h',
      ...(pool.taints.length ? { taints: pool.taints } : {}),
    },
    status: {
      nodeName,
      providerID: providerId,
      imageID: 'ami-0a1b2c3d4e5f60718',
      capacity,
      allocatable: {
        cpu: formatCpu(allocatable.cpu),
        memory: formatMemory(allocatable.memory),
        pods: String(allocatable.pods),
        'ephemeral-storage': '17Gi',
      },
      lastPodEventTime: now,
      conditions: ['Launched', 'Registered', 'Initialized', 'Ready'].map(
        condition => ({
          type: condition,
          status: 'True',
          reason: condition,
          message: '',
          lastTransitionTime: now,
          observedGeneration: 1,
        }),
      ),
    },
  });
  cluster.apply(
    nodeObject({
      name: nodeName,
      zone,
      instanceType: type.name,
      capacity: type.capacity,
      labels,
      taints: pool.taints,
      kubernetesVersion: cluster.kubernetesVersion,
      internalIp: ip,
      providerId,
      ownerReferences: [
        {
          apiVersion: 'karpenter.sh/v1',
          kind: 'NodeClaim',
          name: claim.metadata.name,
          uid: claim.metadata.uid!,
          blockOwnerDeletion: true,
        },
      ],
    }),
  );
  for (const pod of node.pods) {
    const current = cluster.get(
      'v1',
      'Pod',
      pod.metadata.namespace,
      pod.metadata.name,
    );
    if (!current) continue;
    recordEvent(cluster, current, {
      type: 'Normal',
      reason: 'Nominated',
      message: `Pod should schedule on: nodeclaim/${claim.metadata.name}`,
      component: 'karpenter',
      once: true,
    });
    bindPod(cluster, current, nodeName);
  }
}

/**
 * Karpenter's provisioner: when its controller is Ready and NodePools exist,
 * launches a NodeClaim and Node for pods the scheduler could not place —
 * zones from the NodePool requirements, spread only when the pod asks for it
 * with a zone topology spread constraint (otherwise every pod lands in the
 * same zone), within the NodePool limits — and binds the pods to it.
 */
function provision(cluster: SimulatedCluster, pools: Pool[]): void {
  const pods = pendingPods(cluster).filter(
    p =>
      isUnschedulable(p) &&
      !ownerReferencesOf(p).some(r => r.kind === 'DaemonSet'),
  );
  if (pods.length === 0 || pools.length === 0) return;
  const usage = new Map(
    pools.map(p => [
      p.obj.metadata.name,
      claimsOf(cluster, p.obj).map(capacityOfClaim).reduce(addCapacity, EMPTY),
    ]),
  );
  const overLimit = (pool: Pool, pod: KubeObject) =>
    recordEvent(cluster, pod, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message: `Failed to schedule pod, all available instance types exceed limits for nodepool: "${pool.obj.metadata.name}"`,
      component: 'karpenter',
      once: true,
    });
  const result = plan(cluster, pools, pods, usage);
  for (const { pod, pool } of result.overLimit) overLimit(pool, pod);
  for (const node of result.planned) {
    const type = cheapestFitting(node.types, node.requests);
    if (!type) continue;
    const poolName = node.pool.obj.metadata.name;
    const used = usage.get(poolName) ?? EMPTY;
    if (!withinLimits(node.pool, used, type.capacity)) {
      for (const pod of node.pods) overLimit(node.pool, pod);
      continue;
    }
    usage.set(poolName, addCapacity(used, type.capacity));
    launch(cluster, node, type);
  }
}

function updatePoolStatus(cluster: SimulatedCluster, pool: Pool): void {
  const claims = claimsOf(cluster, pool.obj);
  const total = claims.map(capacityOfClaim).reduce(addCapacity, EMPTY);
  const nodeClassRef = pool.spec.template?.spec?.nodeClassRef;
  const nodeClass = nodeClassOf(cluster, pool);
  const now = kubeTimestamp();
  const previous = (pool.obj.status ?? {}) as {
    conditions?: Array<{
      type: string;
      status: string;
      lastTransitionTime?: string;
    }>;
  };
  const nodeClassReady = nodeClass ? readyStatusOf(nodeClass) : 'False';
  updateStatus(cluster, pool.obj, {
    resources: {
      cpu: formatCpu(total.cpu),
      memory: formatMemory(total.memory),
      pods: String(total.pods),
      'ephemeral-storage': `${claims.length * 20}Gi`,
      nodes: String(claims.length),
    },
    nodeClassObservedGeneration: nodeClass?.metadata.generation ?? 0,
    conditions: keepTransitionTimes(
      previous.conditions,
      [
        {
          type: 'ValidationSucceeded',
          status: 'True',
          reason: 'ValidationSucceeded',
          message: '',
        },
        nodeClassCondition(nodeClass, nodeClassRef?.name ?? '', nodeClassReady),
        {
          type: 'Ready',
          status: nodeClassReady,
          reason: nodeClassReady === 'True' ? 'Ready' : 'UnhealthyDependents',
          message:
            nodeClassReady === 'True' ? '' : `NodeClassReady=${nodeClassReady}`,
        },
      ].map(c => ({
        ...c,
        lastTransitionTime: now,
        observedGeneration: pool.obj.metadata.generation,
      })),
    ),
  });
}

function updateNodeClassStatus(
  cluster: SimulatedCluster,
  nodeClass: KubeObject,
): void {
  const spec = (nodeClass.spec ?? {}) as NodeClassSpec;
  const now = kubeTimestamp();
  const previous = (nodeClass.status ?? {}) as {
    conditions?: Array<{
      type: string;
      status: string;
      lastTransitionTime?: string;
    }>;
  };
  const profileName = `${cluster.name}_${randomHexStable(nodeClass)}`;
  const aws = cluster.karpenterAws();
  // without a view of AWS (a cluster on its own), everything resolves
  const resolved = aws
    ? resolveNodeClass(spec, aws, profileName)
    : {
        ...(spec.role || spec.instanceProfile
          ? { instanceProfile: spec.instanceProfile ?? profileName }
          : {}),
        conditions: [
          'AMIsReady',
          'SubnetsReady',
          'SecurityGroupsReady',
          'InstanceProfileReady',
          'ValidationSucceeded',
          'Ready',
        ].map(type => ({ type, status: 'True', reason: type, message: '' })),
      };
  const { conditions, ...found } = resolved;
  // Karpenter looks again a minute later when something was not found
  if (conditions.some(c => c.status !== 'True')) {
    cluster.wakeAt(Date.now() + 60_000);
  }
  updateStatus(cluster, nodeClass, {
    ...found,
    conditions: keepTransitionTimes(
      previous.conditions,
      conditions.map(c => ({
        ...c,
        lastTransitionTime: now,
        observedGeneration: nodeClass.metadata.generation,
      })),
    ),
  });
}

/** A per-object stable suffix (Karpenter hashes the role into the profile name). */
function randomHexStable(obj: KubeObject): string {
  return (obj.metadata.uid ?? '').replace(/-/g, '').slice(0, 20);
}

/** The minor version a node's kubelet reports (`v1.33.5-eks-3025e55` -> `1.33`). */
function kubeletMinor(node: KubeObject): string | undefined {
  const version = (
    node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined
  )?.nodeInfo?.kubeletVersion;
  return version?.match(/^v?(\d+\.\d+)/)?.[1];
}

type NodeClassRef = { group?: string; kind?: string; name?: string };

function nodeClassRefOf(claim: KubeObject): NodeClassRef | undefined {
  return (claim.spec as { nodeClassRef?: NodeClassRef } | undefined)
    ?.nodeClassRef;
}

/** An EKS Auto Mode NodeClaim: its NodeClass is EKS's (eks.amazonaws.com), which EKS manages. */
function isAutoModeClaim(claim: KubeObject): boolean {
  return nodeClassRefOf(claim)?.group === 'eks.amazonaws.com';
}

/**
 * Whether the claim's AMI follows the control plane's version: Auto Mode
 * nodes, and EC2NodeClasses selecting their AMI by an alias `<family>@latest`
 * (al2023@latest resolves to the newest AMI for the cluster's version).
 * Pinned AMIs (ids, names, `al2023@v20251103`) do not drift with it.
 */
function amiFollowsControlPlane(
  cluster: SimulatedCluster,
  claim: KubeObject,
): boolean {
  if (isAutoModeClaim(claim)) return true;
  const ref = nodeClassRefOf(claim);
  const nodeClass = ref?.name
    ? cluster.get('karpenter.k8s.aws/v1', 'EC2NodeClass', undefined, ref.name)
    : undefined;
  const terms =
    (nodeClass?.spec as { amiSelectorTerms?: Array<{ alias?: string }> })
      ?.amiSelectorTerms ?? [];
  return terms.some(t => /@latest$/.test(t.alias ?? ''));
}

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

function conditionsOf(obj: KubeObject): Condition[] {
  return ((obj.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
}

function nodeOfClaim(
  cluster: SimulatedCluster,
  claim: KubeObject,
): KubeObject | undefined {
  const nodeName = (claim.status as { nodeName?: string } | undefined)
    ?.nodeName;
  return nodeName ? cluster.get('v1', 'Node', undefined, nodeName) : undefined;
}

/**
 * Karpenter's drift detection: a NodeClaim whose AMI follows the control
 * plane (alias @latest, Auto Mode) and whose node's kubelet is not at the
 * control plane's version has drifted (its resolved AMI changed): condition
 * Drifted=True, reason AMIDrift. The condition goes when it no longer holds.
 */
function markDrift(cluster: SimulatedCluster, claim: KubeObject): boolean {
  const node = nodeOfClaim(cluster, claim);
  const drifted =
    node !== undefined &&
    amiFollowsControlPlane(cluster, claim) &&
    kubeletMinor(node) !== cluster.kubernetesVersion;
  const conditions = conditionsOf(claim);
  const current = conditions.find(c => c.type === 'Drifted');
  if (drifted && current?.status !== 'True') {
    updateStatus(cluster, claim, {
      ...(claim.status as object),
      conditions: [
        ...conditions.filter(c => c.type !== 'Drifted'),
        {
          type: 'Drifted',
          status: 'True',
          reason: 'AMIDrift',
          message: '',
          lastTransitionTime: kubeTimestamp(),
          observedGeneration: claim.metadata.generation,
        },
      ],
    });
  } else if (!drifted && current) {
    updateStatus(cluster, claim, {
      ...(claim.status as object),
      conditions: conditions.filter(c => c.type !== 'Drifted'),
    });
  }
  return drifted;
}

/**
 * How many of a pool's nodes may be disrupted at once: the strictest of its
 * disruption budgets (a count, or a percentage of its nodes rounded up, as
 * Karpenter does); Karpenter's default budget is 10%.
 */
function disruptionBudget(pool: KubeObject, nodes: number): number {
  const budgets = (
    pool.spec as
      | { disruption?: { budgets?: Array<{ nodes?: string }> } }
      | undefined
  )?.disruption?.budgets ?? [{ nodes: '10%' }];
  return Math.min(
    ...budgets.map(b => {
      const value = String(b.nodes ?? '10%');
      return value.endsWith('%')
        ? Math.ceil((nodes * Number(value.slice(0, -1))) / 100)
        : Number(value);
    }),
  );
}

/**
 * Replaces a drifted NodeClaim as Karpenter's disruption controller does:
 * a replacement of the same pool, zone, capacity type and instance type is
 * launched first (its kubelet at the control plane's version), then the old
 * node's pods are evicted (their controllers recreate them, the scheduler
 * places them), and the old Node and NodeClaim go.
 */
function replaceClaim(
  cluster: SimulatedCluster,
  pool: Pool,
  claim: KubeObject,
): void {
  const node = nodeOfClaim(cluster, claim);
  const labels = claim.metadata.labels ?? {};
  const type = INSTANCE_TYPES.find(t => t.name === labels[INSTANCE_TYPE_LABEL]);
  const zone = labels[ZONE_LABEL];
  if (!type || !zone) return;
  launch(
    cluster,
    {
      pool,
      zone,
      capacityType: labels[CAPACITY_TYPE_LABEL] ?? 'on-demand',
      types: [type],
      pods: [],
      requests: EMPTY,
    },
    type,
  );
  if (node) {
    for (const pod of cluster.view('v1', 'Pod')) {
      if (podSpecOf(pod).nodeName !== node.metadata.name) continue;
      recordEvent(cluster, pod, {
        type: 'Normal',
        reason: 'Evicted',
        message: 'Evicted pod: Drifted',
        component: 'karpenter',
        once: true,
      });
      cluster.remove('v1', 'Pod', pod.metadata.namespace, pod.metadata.name);
    }
    cluster.remove('v1', 'Node', undefined, node.metadata.name);
  }
  cluster.remove(
    'karpenter.sh/v1',
    'NodeClaim',
    undefined,
    claim.metadata.name,
  );
}

/**
 * Drift: marks the NodeClaims whose AMI moved with the control plane and
 * replaces them, within each NodePool's disruption budget per pass. Karpenter
 * does it for its own NodePools while it runs; EKS does it for Auto Mode's.
 */
function disruptDrifted(cluster: SimulatedCluster, karpenterRuns: boolean) {
  for (const pool of poolsOf(cluster)) {
    const claims = claimsOf(cluster, pool.obj).filter(
      c => !isTerminating(c) && (karpenterRuns ? true : isAutoModeClaim(c)),
    );
    const drifted = claims.filter(c => markDrift(cluster, c));
    const allowed = disruptionBudget(pool.obj, claims.length);
    for (const claim of drifted.slice(0, Math.max(0, allowed))) {
      const current = cluster.get(
        'karpenter.sh/v1',
        'NodeClaim',
        undefined,
        claim.metadata.name,
      );
      if (current) replaceClaim(cluster, pool, current);
    }
  }
}

/** The Karpenter controller: status of node classes and pools, drift, and provisioning. */
export function karpenterController(cluster: SimulatedCluster): void {
  const running = karpenterIsRunning(cluster);
  disruptDrifted(cluster, running);
  if (!running) return;
  for (const nodeClass of cluster.view(
    'karpenter.k8s.aws/v1',
    'EC2NodeClass',
  )) {
    updateNodeClassStatus(cluster, nodeClass);
  }
  // Karpenter's provisioner ignores NodePools whose node class is not Ready
  const pools = poolsOf(cluster).filter(pool => {
    const nodeClass = nodeClassOf(cluster, pool);
    return nodeClass !== undefined && readyStatusOf(nodeClass) === 'True';
  });
  provision(cluster, pools);
  for (const pool of poolsOf(cluster)) updatePoolStatus(cluster, pool);
}
