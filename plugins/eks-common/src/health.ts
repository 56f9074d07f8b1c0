import type { EksCapabilityHealth } from './capabilities';
import type { ClusterSettingsSummary } from './clusterSettings';
import type { PodIdentityAssociationSummary } from './podIdentityAssociation';
import type { ClusterUpgradeSummary } from './upgradeStatus';

export type { PodIdentityAssociationSummary } from './podIdentityAssociation';
export * from './upgradeStatus';

/**
 * The health document the backend serves for one EKS cluster and the entity
 * page renders. Every section can be degraded on its own: when a source fails
 * or times out, its `error` says why and the rest of the document still stands.
 *
 * @packageDocumentation
 */

/**
 * How much a finding hurts the cluster now. `critical`: something the cluster
 * runs is broken now (a DEGRADED or failed add-on, an unhealthy node group, a
 * crash-looping controller). `warning`: the cluster works but needs attention
 * (a risky setting, a misconfiguration EKS reports). `info`: worth knowing,
 * nothing to fix now. Readiness for a future Kubernetes version is none of
 * these: it is its own section (see {@link upgradeReadinessInsights}).
 *
 * @public
 */
export type Severity = 'critical' | 'warning' | 'info';

/**
 * The words a person reads for each severity: the same on the overview card
 * and on the EKS tab.
 *
 * @public
 */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Failing now',
  warning: 'Needs attention',
  info: 'Note',
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/**
 * Findings ranked by their impact on the cluster now, most severe first;
 * equal severities keep their order.
 *
 * @public
 */
export function rankDiagnostics<T extends { severity: Severity }>(
  diagnostics: readonly T[],
): T[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort(
      (a, b) =>
        (SEVERITY_RANK[a.diagnostic.severity] ?? 3) -
          (SEVERITY_RANK[b.diagnostic.severity] ?? 3) || a.index - b.index,
    )
    .map(({ diagnostic }) => diagnostic);
}

/** The EKS insight category about the next Kubernetes version. @public */
export const UPGRADE_READINESS_CATEGORY = 'UPGRADE_READINESS';

/**
 * Insights about readiness for a future Kubernetes version (EKS category
 * `UPGRADE_READINESS`): shown as their own section, never as a problem of
 * the cluster now.
 *
 * @public
 */
export function upgradeReadinessInsights(
  insights: readonly ClusterInsight[],
): ClusterInsight[] {
  return insights.filter(i => i.category === UPGRADE_READINESS_CATEGORY);
}

/** A source's failure, shown in place of the section it would have filled. @public */
export interface SectionError {
  /** Which source failed, e.g. `eks:ListAddons` or `kubernetes:nodes`. */
  source: string;
  message: string;
}

/** A section of the health document that may have failed on its own. @public */
export type Section<T> =
  | { data: T; error?: undefined }
  | { data?: undefined; error: SectionError };

/** The cluster itself (DescribeCluster). @public */
export interface ClusterSummary extends ClusterSettingsSummary {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  status:
    | 'CREATING'
    | 'ACTIVE'
    | 'DELETING'
    | 'FAILED'
    | 'UPDATING'
    | 'PENDING'
    | string;
  version: string;
  platformVersion?: string;
  endpoint?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  publicAccessCidrs?: string[];
  authenticationMode?: string;
  autoMode: boolean;
  oidcIssuer?: string;
  createdAt?: string;
  tags: Record<string, string>;
  /** The newest Kubernetes version EKS offers, when newer than `version`. */
  upgradeAvailable?: string;
  /** Link to the cluster in the AWS console. */
  consoleUrl: string;
}

/** An EKS upgrade/configuration insight (ListInsights). @public */
export interface ClusterInsight {
  id: string;
  name: string;
  category: string;
  status: 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN' | string;
  reason?: string;
  description?: string;
  recommendation?: string;
  kubernetesVersion?: string;
}

/** A managed node group. @public */
export interface NodeGroupSummary {
  name: string;
  status: string;
  version?: string;
  amiType?: string;
  capacityType?: string;
  instanceTypes: string[];
  desiredSize?: number;
  minSize?: number;
  maxSize?: number;
  /** IMDS hop limit on the node group's launch template, when one is used. */
  httpPutResponseHopLimit?: number;
  httpTokens?: 'required' | 'optional' | string;
  issues: { code: string; message: string }[];
}

/** A Kubernetes node. @public */
export interface NodeSummary {
  name: string;
  ready: boolean;
  kubeletVersion?: string;
  instanceType?: string;
  zone?: string;
  capacityType?: string;
  os?: string;
  /** Node group, Karpenter NodePool or Auto Mode, from node labels. */
  managedBy?: {
    kind: 'nodegroup' | 'karpenter' | 'auto-mode' | 'fargate' | 'self-managed';
    name?: string;
  };
  createdAt?: string;
}

/** Nodes, counted and listed. @public */
export interface NodesSummary {
  total: number;
  ready: number;
  notReady: number;
  byZone: Record<string, number>;
  items: NodeSummary[];
}

/** An installed EKS add-on. @public */
export interface AddonSummary {
  name: string;
  status:
    | 'CREATING'
    | 'ACTIVE'
    | 'CREATE_FAILED'
    | 'UPDATING'
    | 'DELETING'
    | 'DELETE_FAILED'
    | 'DEGRADED'
    | 'UPDATE_FAILED'
    | string;
  version: string;
  /** The newest version compatible with the cluster's Kubernetes version, when newer. */
  newerVersion?: string;
  /** The version EKS installs by default for the cluster's Kubernetes version. */
  defaultVersion?: string;
  health: {
    code: string;
    message: string;
    resourceIds?: string[];
    remedy?: string;
  }[];
  serviceAccountRoleArn?: string;
  podIdentityAssociations: string[];
  configurationValues?: string;
  /** The namespace it was installed in when not its default (namespaceConfig). */
  namespace?: string;
  createdAt?: string;
  modifiedAt?: string;
}

/** A Karpenter NodePool. @public */
export interface KarpenterNodePoolSummary {
  name: string;
  nodeClassRef?: string;
  limits: Record<string, string>;
  usage: Record<string, string>;
  nodes: number;
  consolidationPolicy?: string;
  ready: boolean;
  zones: string[];
  capacityTypes: string[];
}

/** A Karpenter NodeClaim. @public */
export interface KarpenterNodeClaimSummary {
  name: string;
  nodePool?: string;
  nodeName?: string;
  instanceType?: string;
  zone?: string;
  capacityType?: string;
  ready: boolean;
  createdAt?: string;
}

/** Karpenter on the cluster. @public */
export interface KarpenterSummary {
  installed: boolean;
  /**
   * Set when EKS Auto Mode runs Karpenter for the cluster: its controller
   * runs outside the cluster (no Deployment, no version to read), AWS handles
   * Spot and health interruptions (no SQS queue or EventBridge rules of the
   * cluster's own), and the NodePools are Auto Mode's: the built-in
   * `general-purpose` and `system` ones (eks.amazonaws.com NodeClass
   * `default`) and any the cluster added.
   */
  runBy?: 'eks-auto-mode';
  version?: string;
  /** Controller pods ready / desired. */
  controller?: { ready: number; desired: number; namespace: string };
  nodePools: KarpenterNodePoolSummary[];
  nodeClaims: KarpenterNodeClaimSummary[];
  pendingPods: number;
  interruptionQueue?: {
    name: string;
    url?: string;
    exists: boolean;
    approximateMessages?: number;
    /** The EventBridge rules that target the queue, by kind. */
    rules: {
      kind: KarpenterInterruptionRuleKind;
      name?: string;
      present: boolean;
    }[];
  };
}

/** The five EventBridge rules Karpenter's interruption handling needs. @public */
export type KarpenterInterruptionRuleKind =
  | 'health-event'
  | 'spot-interruption'
  | 'rebalance'
  | 'instance-state-change'
  | 'capacity-reservation-interruption';

/** A problem found on the cluster, with why it matters and how to fix it. @public */
export interface Diagnostic {
  /** Stable id, e.g. `karpenter-without-pod-identity-agent`. */
  id: string;
  severity: Severity;
  title: string;
  /** What is wrong, for this cluster. */
  what: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
  link?: string;
  /**
   * A page of the portal that carries out the fix, e.g. a template with its
   * form prefilled (a portal path, not an external link).
   */
  action?: { title: string; path: string };
  /** The resources concerned (add-on, node group, workload...). */
  resources?: string[];
}

/**
 * The one verdict on a cluster, from everything the health document loaded:
 * `healthy` (every section loaded, nothing wrong), `needs-attention`
 * (warnings only), `failing` (something is broken now), `unreachable` (EKS or
 * the Kubernetes API could not be read), `gone` (the cluster no longer exists
 * or is being deleted), `unknown` (some sections did not load and nothing
 * wrong was found in the rest, or the cluster is changing).
 *
 * @public
 */
export type ClusterVerdictKind =
  | 'healthy'
  | 'needs-attention'
  | 'failing'
  | 'unreachable'
  | 'gone'
  | 'unknown';

/** The words a person reads for each verdict. @public */
export const CLUSTER_VERDICT_LABELS: Readonly<
  Record<ClusterVerdictKind, string>
> = {
  healthy: 'Healthy',
  'needs-attention': 'Needs attention',
  failing: 'Failing',
  unreachable: 'Unreachable',
  gone: 'Gone',
  unknown: 'Unknown',
};

/**
 * The sections of {@link ClusterHealth}, each loaded (or failed) on its own
 * source; eks-node's observations of a cluster hold the same sections.
 *
 * @public
 */
export interface ClusterHealthSections {
  cluster: Section<ClusterSummary>;
  insights: Section<ClusterInsight[]>;
  nodeGroups: Section<NodeGroupSummary[]>;
  nodes: Section<NodesSummary>;
  addons: Section<AddonSummary[]>;
  podIdentityAssociations: Section<PodIdentityAssociationSummary[]>;
  /** EKS Capabilities (managed Argo CD, ACK, kro) with status, version and issues. */
  capabilities: Section<EksCapabilityHealth[]>;
  karpenter: Section<KarpenterSummary>;
  /** The Kubernetes version's support, readiness for the next one, version updates and the rollback window. */
  upgrade: Section<ClusterUpgradeSummary>;
}

/** The sections of {@link ClusterHealth} a verdict can name. @public */
export type ClusterHealthSectionKey = keyof ClusterHealthSections;

/** How the page titles each section. @public */
export const CLUSTER_HEALTH_SECTION_TITLES: Readonly<
  Record<ClusterHealthSectionKey, string>
> = {
  cluster: 'Cluster',
  insights: 'Insights',
  nodeGroups: 'Node groups',
  nodes: 'Nodes',
  addons: 'Add-ons',
  podIdentityAssociations: 'Pod Identity associations',
  capabilities: 'Capabilities',
  karpenter: 'Karpenter',
  upgrade: 'Version and upgrades',
};

/** The verdict on a cluster, with what to do next. @public */
export interface ClusterVerdict {
  kind: ClusterVerdictKind;
  /** The cluster the verdict is about (known even when it is gone). */
  cluster?: { name: string; accountId: string; region: string };
  /** One sentence a person reads first, e.g. "No problems found on this cluster". */
  headline: string;
  /** What the verdict rests on. */
  detail?: string;
  /** What the person can do next. */
  nextStep?: string;
  /** Findings by severity. */
  counts: Record<Severity, number>;
  /**
   * Sections whose source failed for a reason of their own (not explained
   * by the verdict): the page shows their errors. Empty when the cluster is
   * gone or unreachable (one explanation, not one error per section).
   */
  unloadedSections: ClusterHealthSectionKey[];
}

/** Everything the entity page shows about one cluster. @public */
export interface ClusterHealth extends ClusterHealthSections {
  /** The one verdict on the cluster, computed from its sections. */
  verdict: ClusterVerdict;
  diagnostics: Diagnostic[];
  /** When the document was computed (ISO 8601). */
  generatedAt: string;
}
