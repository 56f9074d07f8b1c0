import type {
  ClusterHealthSections,
  Section,
  SectionError,
} from '@backstage-eks/plugin-eks-common';

/** The cluster a health document is about. @public */
export interface ClusterHealthTarget {
  accountId: string;
  region: string;
  clusterName: string;
}

/**
 * Runs one Kubernetes read of a cluster's health document (a list, or two
 * requests for one section) when its turn comes: a limit on the reads in
 * flight, such as the fleet collector's. The wait for the turn does not
 * count against the read's time limit.
 *
 * @public
 */
export type KubernetesReadGate = <T>(
  target: ClusterHealthTarget,
  read: () => Promise<T>,
) => Promise<T>;

/** A Deployment, reduced to what the checks need (never env values). @public */
export interface DeploymentObservation {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  replicas: number;
  readyReplicas: number;
  serviceAccountName?: string;
  /** Container images, e.g. `public.ecr.aws/karpenter/controller:1.6.0`. */
  images: string[];
  /** Command-line arguments of all containers. */
  args: string[];
  /** Whether the pod template spreads replicas over zones (spread constraint or zone anti-affinity). */
  spreadsOverZones: boolean;
  /** Karpenter's interruption queue (`INTERRUPTION_QUEUE` env), when set on the controller. */
  interruptionQueue?: string;
  /** Karpenter's `ENABLE_ZONAL_SHIFT` env (settings.enableZonalShift) is `true`. */
  enableZonalShift?: boolean;
  /** The pods it owns: `spec.selector.matchLabels`. */
  podSelector?: Record<string, string>;
}

/** A container of a pod, as its kubelet reports it (`status.containerStatuses[]`). @public */
export interface ContainerObservation {
  name: string;
  ready: boolean;
  restartCount: number;
  /** `state.waiting.reason`, e.g. `CrashLoopBackOff`. */
  waitingReason?: string;
  /** `lastState.terminated`: why the previous run of the container ended. */
  lastTermination?: {
    reason?: string;
    exitCode?: number;
    /** The termination message (`FallbackToLogsOnError` puts the end of the log here). */
    message?: string;
  };
}

/** A pod and its containers' states. @public */
export interface PodObservation {
  namespace: string;
  name: string;
  phase?: string;
  containers: ContainerObservation[];
}

/** A HorizontalPodAutoscaler (`autoscaling/v2`). @public */
export interface HorizontalPodAutoscalerObservation {
  namespace: string;
  name: string;
  /** `spec.scaleTargetRef`, e.g. `Deployment/web`. */
  target: string;
  /**
   * Whether it scales on CPU or memory (`Resource` / `ContainerResource`
   * metrics, or no metrics at all: the default is CPU), which the resource
   * metrics API (`metrics.k8s.io`, served by metrics-server) supplies.
   */
  usesResourceMetrics: boolean;
}

/** An aggregated API's registration (`apiregistration.k8s.io/v1` APIService). @public */
export interface ApiServiceObservation {
  name: string;
  /** The `Available` condition is True. */
  available: boolean;
  /** The `Available` condition's reason and message when it is not True. */
  reason?: string;
  message?: string;
  /** `spec.service` as `namespace/name`, for aggregated (non-local) APIs. */
  service?: string;
}

/** Who scales on resource metrics and whether that API is served. @public */
export interface MetricsApiObservations {
  horizontalPodAutoscalers: HorizontalPodAutoscalerObservation[];
  /** The `v1beta1.metrics.k8s.io` APIService; undefined when it is not registered. */
  resourceMetricsApi?: ApiServiceObservation;
}

/** A Service of type LoadBalancer. @public */
export interface LoadBalancerServiceObservation {
  namespace: string;
  name: string;
  /** `spec.loadBalancerClass`, e.g. `service.k8s.aws/nlb`. */
  loadBalancerClass?: string;
  annotations: Record<string, string>;
  /** Hostnames of the provisioned load balancer (`status.loadBalancer.ingress`). */
  hostnames: string[];
}

/** An Ingress. @public */
export interface IngressObservation {
  namespace: string;
  name: string;
  ingressClassName?: string;
  annotations: Record<string, string>;
  hostnames: string[];
}

/**
 * A Gateway API Gateway (`gateway.networking.k8s.io/v1`) and the
 * controller its GatewayClass names. @public
 */
export interface GatewayObservation {
  namespace: string;
  name: string;
  gatewayClassName?: string;
  /**
   * The GatewayClass's `spec.controllerName`, e.g. `gateway.k8s.aws/alb`;
   * undefined when the class does not exist.
   */
  controllerName?: string;
}

/** A Fargate profile's pod selectors. @public */
export interface FargateProfileObservation {
  name: string;
  selectors: { namespace?: string; labels: Record<string, string> }[];
}

/** What an IAM role's policies reveal. @public */
export interface RolePolicyObservation {
  roleArn: string;
  /** Attached managed policy names and inline policy names. */
  policyNames: string[];
  /** Whether any policy names or grants Amazon MSK (`kafka:`, `kafka-cluster:`). */
  grantsKafka: boolean;
}

/**
 * The IAM role the cluster's own Karpenter controller runs with (its
 * service account's Pod Identity association) and what its policies allow.
 * @public
 */
export interface KarpenterControllerRoleObservation {
  roleArn: string;
  /** Attached managed policy ARNs and inline policy names. */
  policyNames: string[];
  /** The actions its inline and attached policies' Allow statements name. */
  allowedActions: string[];
}

/** A Karpenter EC2NodeClass's instance metadata options (Karpenter's defaults filled in). @public */
export interface NodeClassObservation {
  name: string;
  httpTokens: string;
  httpPutResponseHopLimit: number;
}

/** The Kubernetes workloads the checks look at. @public */
export interface WorkloadObservations {
  deployments: DeploymentObservation[];
  loadBalancerServices: LoadBalancerServiceObservation[];
  ingresses: IngressObservation[];
}

/**
 * Everything gathered about a cluster: the health document's sections plus
 * the extra facts the diagnostics read. Diagnostics are pure functions of it.
 *
 * @public
 */
export interface ClusterObservations extends ClusterHealthSections {
  target: ClusterHealthTarget;
  workloads: Section<WorkloadObservations>;
  fargateProfiles: Section<FargateProfileObservation[]>;
  /**
   * Why Karpenter's interruption queue could not be checked, when it could
   * not (the Karpenter section still stands, without `interruptionQueue`).
   */
  interruptionQueueError?: SectionError;
  /** DescribeCluster answered ResourceNotFoundException: no such cluster. */
  clusterNotFound?: boolean;
  /** By role ARN, for the roles of Pod Identity associations. */
  rolePolicies: Section<Record<string, RolePolicyObservation>>;
  /** Karpenter EC2NodeClasses (empty without Karpenter). */
  karpenterNodeClasses: Section<NodeClassObservation[]>;
  /** The Karpenter controller's pods (empty without Karpenter). */
  karpenterControllerPods: Section<PodObservation[]>;
  /** HorizontalPodAutoscalers and the resource metrics API they need. */
  metricsApi: Section<MetricsApiObservations>;
  /**
   * The role of the cluster's own Karpenter controller and what it allows;
   * undefined without such a controller or without a Pod Identity
   * association for its service account.
   */
  karpenterControllerRole: Section<
    KarpenterControllerRoleObservation | undefined
  >;
  /** Gateway API Gateways (empty when the Gateway API CRDs are not installed). */
  gateways: Section<GatewayObservation[]>;
}
