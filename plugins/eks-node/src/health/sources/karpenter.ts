import type {
  KarpenterSummary,
  KarpenterInterruptionRuleKind,
  KarpenterNodeClaimSummary,
  KarpenterNodePoolSummary,
} from '@backstage-eks/plugin-eks-common';
import type { DeploymentObservation, NodeClassObservation } from '../types';

/** A Kubernetes custom object as the API returns it. */
export interface CustomObject {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec?: any;
  status?: any;
}

/** The five interruption rule kinds, in the order Karpenter documents them. */
export const KARPENTER_INTERRUPTION_RULE_KINDS: KarpenterInterruptionRuleKind[] =
  [
    'health-event',
    'spot-interruption',
    'rebalance',
    'instance-state-change',
    'capacity-reservation-interruption',
  ];

const RULE_DETAIL_TYPES: Record<KarpenterInterruptionRuleKind, string> = {
  'health-event': 'AWS Health Event',
  'spot-interruption': 'EC2 Spot Instance Interruption Warning',
  rebalance: 'EC2 Instance Rebalance Recommendation',
  'instance-state-change': 'EC2 Instance State-change Notification',
  'capacity-reservation-interruption':
    'EC2 Capacity Reservation Instance Interruption Warning',
};

const RULE_NAME_HINTS: [KarpenterInterruptionRuleKind, RegExp][] = [
  ['health-event', /health/i],
  ['spot-interruption', /spot/i],
  ['rebalance', /rebalance/i],
  ['instance-state-change', /state[-_]?change/i],
  ['capacity-reservation-interruption', /capacity[-_]?reservation/i],
];

/**
 * Which interruption event an EventBridge rule forwards, from its event
 * pattern's `detail-type` (or, without a pattern, from its name).
 */
export function classifyInterruptionRule(
  name: string,
  eventPattern?: string,
): KarpenterInterruptionRuleKind | undefined {
  if (eventPattern) {
    try {
      const pattern = JSON.parse(eventPattern) as Record<string, unknown>;
      const detailTypes = ([] as unknown[]).concat(
        pattern['detail-type'] ?? [],
      );
      for (const kind of KARPENTER_INTERRUPTION_RULE_KINDS) {
        if (detailTypes.includes(RULE_DETAIL_TYPES[kind])) {
          return kind;
        }
      }
    } catch {
      // not JSON: fall back to the rule's name
    }
  }
  return RULE_NAME_HINTS.find(([, hint]) => hint.test(name))?.[0];
}

/** The Karpenter controller among the cluster's Deployments. */
export function findKarpenterController(
  deployments: DeploymentObservation[],
): DeploymentObservation | undefined {
  return deployments.find(
    d =>
      d.labels['app.kubernetes.io/name'] === 'karpenter' ||
      d.name === 'karpenter' ||
      d.images.some(image => /\/karpenter\/controller[:@]/.test(image)),
  );
}

/** Karpenter's version, from the chart's label or the controller image tag. */
export function karpenterVersion(
  controller: DeploymentObservation,
): string | undefined {
  const label = controller.labels['app.kubernetes.io/version'];
  if (label) return label;
  const image = controller.images.find(i => /karpenter/.test(i));
  const tag = image?.split('@')[0].split(':')[1];
  return tag || undefined;
}

function isReady(object: CustomObject): boolean {
  const conditions: { type?: string; status?: string }[] =
    object.status?.conditions ?? [];
  return conditions.some(c => c.type === 'Ready' && c.status === 'True');
}

function requirementValues(object: CustomObject, key: string): string[] {
  const requirements: { key?: string; operator?: string; values?: string[] }[] =
    object.spec?.template?.spec?.requirements ?? [];
  return requirements
    .filter(r => r.key === key && r.operator === 'In')
    .flatMap(r => r.values ?? []);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out[k] = String(v);
    }
  }
  return out;
}

export function toNodeClaimSummary(
  claim: CustomObject,
): KarpenterNodeClaimSummary {
  const labels = claim.metadata?.labels ?? {};
  return {
    name: claim.metadata?.name ?? '',
    nodePool: labels['karpenter.sh/nodepool'],
    nodeName: claim.status?.nodeName,
    instanceType: labels['node.kubernetes.io/instance-type'],
    zone: labels['topology.kubernetes.io/zone'],
    capacityType: labels['karpenter.sh/capacity-type'],
    ready: isReady(claim),
    createdAt: claim.metadata?.creationTimestamp
      ? String(claim.metadata.creationTimestamp)
      : undefined,
  };
}

export function toNodePoolSummary(
  pool: CustomObject,
  nodeClaims: KarpenterNodeClaimSummary[],
  nodeClassNames: Set<string> | undefined,
): KarpenterNodePoolSummary {
  const name = pool.metadata?.name ?? '';
  const nodeClassRef: string | undefined =
    pool.spec?.template?.spec?.nodeClassRef?.name;
  const nodeClassMissing =
    nodeClassNames !== undefined &&
    nodeClassRef !== undefined &&
    !nodeClassNames.has(nodeClassRef);
  return {
    name,
    nodeClassRef,
    limits: stringRecord(pool.spec?.limits),
    usage: stringRecord(pool.status?.resources),
    nodes: nodeClaims.filter(c => c.nodePool === name).length,
    consolidationPolicy: pool.spec?.disruption?.consolidationPolicy,
    ready: isReady(pool) && !nodeClassMissing,
    zones: requirementValues(pool, 'topology.kubernetes.io/zone'),
    capacityTypes: requirementValues(pool, 'karpenter.sh/capacity-type'),
  };
}

/**
 * An EC2NodeClass's metadata options, with Karpenter v1's defaults
 * (`httpTokens: required`, `httpPutResponseHopLimit: 1`).
 */
export function toNodeClassObservation(
  nodeClass: CustomObject,
): NodeClassObservation {
  const options = nodeClass.spec?.metadataOptions ?? {};
  return {
    name: nodeClass.metadata?.name ?? '',
    httpTokens: options.httpTokens ?? 'required',
    httpPutResponseHopLimit: Number(options.httpPutResponseHopLimit ?? 1),
  };
}

/** The API group of EKS Auto Mode's NodeClass (Karpenter's own is karpenter.k8s.aws). */
export const AUTO_MODE_NODE_CLASS_GROUP = 'eks.amazonaws.com';

function namesOf(objects: CustomObject[] | undefined): Set<string> | undefined {
  return objects
    ? new Set(objects.map(o => o.metadata?.name ?? ''))
    : undefined;
}

/** Karpenter's section, from what the Kubernetes API and SQS/EventBridge said. */
export function toKarpenterSummary(input: {
  controller?: DeploymentObservation;
  nodePools: CustomObject[];
  nodeClaims: CustomObject[];
  /** Undefined when EC2NodeClasses could not be read. */
  nodeClasses?: CustomObject[];
  pendingPods: number;
  /** Undefined when the queue could not be checked. */
  queue?: NonNullable<KarpenterSummary['interruptionQueue']>;
  /**
   * Set when EKS Auto Mode is on: the Auto Mode NodeClasses
   * (eks.amazonaws.com), or an empty list when they could not be read.
   */
  autoMode?: { nodeClasses?: CustomObject[] };
}): KarpenterSummary {
  const { controller, queue, autoMode } = input;
  const nodeClaims = input.nodeClaims.map(toNodeClaimSummary);
  const ec2NodeClassNames = namesOf(input.nodeClasses);
  const autoModeNodeClassNames = namesOf(autoMode?.nodeClasses);
  const nodePools = input.nodePools.map(p =>
    toNodePoolSummary(
      p,
      nodeClaims,
      p.spec?.template?.spec?.nodeClassRef?.group === AUTO_MODE_NODE_CLASS_GROUP
        ? autoModeNodeClassNames
        : ec2NodeClassNames,
    ),
  );
  // With Auto Mode, EKS runs the controller and handles interruptions; a
  // Karpenter Helm install beside it still shows as its controller and queue.
  const installed =
    autoMode !== undefined ||
    controller !== undefined ||
    input.nodePools.length > 0;
  const queueInUse =
    autoMode !== undefined ? controller !== undefined : installed;
  return {
    installed,
    ...(autoMode ? { runBy: 'eks-auto-mode' as const } : {}),
    version: controller ? karpenterVersion(controller) : undefined,
    controller: controller
      ? {
          ready: controller.readyReplicas,
          desired: controller.replicas,
          namespace: controller.namespace,
        }
      : undefined,
    nodePools,
    nodeClaims,
    pendingPods: input.pendingPods,
    interruptionQueue:
      queue && (queueInUse || queue.exists || queue.rules.some(r => r.present))
        ? queue
        : undefined,
  };
}
