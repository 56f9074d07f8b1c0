/**
 * The AWS and Kubernetes work of the EKS plugins: clients, waiters,
 * provisioning steps and the health model. Nothing here knows Backstage's
 * HTTP layer or the scaffolder.
 *
 * @packageDocumentation
 */

// Clients and credentials.
export {
  AwsClientFactory,
  type AwsClientFactoryOptions,
  type AwsClients,
  type AwsTarget,
  type RequestGate,
} from './aws/AwsClientFactory';
export type { EksTokenCache } from './kubernetes/eksToken';
export {
  KubernetesClientFactory,
  type KubernetesClients,
  type EksClusterEndpoint,
} from './kubernetes/KubernetesClientFactory';
// Running against the sandbox (packages/sandbox) instead of AWS.
export {
  readSandboxSettings,
  SANDBOX_DEFAULT_LATENCY_FACTOR,
  SandboxCredentialsManager,
  type SandboxSettings,
} from './aws/sandboxConfig';
export { toBackstageError } from './aws/errors';

// What the scaffolder actions run: one function per flow, its options and result.
export {
  createCluster,
  installAddons,
  installKarpenter,
  createPodIdentity,
  createCapability,
  deleteCluster,
  type CreateClusterOptions,
  type CreateClusterResult,
  type CreateClusterDependencies,
  type AccountIam,
  type InstallAddonsOptions,
  type AddonRequest,
  type AddonResult,
  type AddonIssue,
  type InstallKarpenterOptions,
  type InstallKarpenterResult,
  type CreatePodIdentityOptions,
  type CreatePodIdentityResult,
  MAX_SESSION_POLICY_LENGTH,
  type TargetAccountIam,
  type CreateCapabilityOptions,
  type CreateCapabilityResult,
  upgradeCluster,
  planClusterUpgrade,
  rollbackCluster,
  planClusterRollback,
  type UpgradeClusterOptions,
  type UpgradeClusterResult,
  type UpgradeDependencies,
  type RollbackClusterOptions,
  type RollbackClusterResult,
  type ClusterUpgradePlan,
  type ClusterRollbackPlan,
  type UpgradeFinding,
  type UpgradeStepTiming,
  type VersionChange,
  type DeleteClusterOptions,
  type DeleteClusterResult,
  type KeptResource,
  type LeftoverResource,
  type NodeGroupSpec,
  ProvisioningRun,
  type ProvisioningRunOptions,
  type Checkpoint,
  type CheckpointValue,
  type PlannedChange,
  type RunWrite,
  type ProgressLogger,
  type WriteObserver,
  DEFAULT_WAIT_SETTINGS,
  type WaitSettings,
  AddonsNotHealthyError,
  HelmCommandError,
  HelmNotFoundError,
  SpawnHelmRunner,
  type HelmRunner,
  type HelmRelease,
  type HelmUpgradeInstallRequest,
  provisioningKubernetesClients,
  karpenterControllerPolicy,
  type KarpenterPolicyScope,
  type PolicyDocument,
  type PolicyStatement,
  resourceTags,
  clusterResourceEntity,
  type ClusterResourceEntity,
  TAGS_RULE,
  tagsProblem,
  wholeNumberProblem,
} from './provisioning';

// What the backend reads: health documents, EKS's inventory, an account's resources.
export {
  ClusterHealthService,
  type ClusterHealthServiceOptions,
  type ClusterHealthTarget,
  type KubernetesReadGate,
  type ClusterObservations,
  type ApiServiceObservation,
  type ContainerObservation,
  type DeploymentObservation,
  type FargateProfileObservation,
  type GatewayObservation,
  type HorizontalPodAutoscalerObservation,
  type IngressObservation,
  type KarpenterControllerRoleObservation,
  type LoadBalancerServiceObservation,
  type MetricsApiObservations,
  type NodeClassObservation,
  type PodObservation,
  type RolePolicyObservation,
  type WorkloadObservations,
  EksInventoryService,
  type DiscoveredCluster,
} from './health';
export { AccountResourcesService } from './accountResources';
export { InsightsRefreshService } from './insights';
// The fleet: the collector that reads every cluster's row (the only fleet code that calls AWS).
export {
  FleetCollector,
  DEFAULT_FLEET_DETAIL_TTL_MS,
  fleetRowFromHealth,
  AccountRegionRateLimiter,
  DEFAULT_FLEET_RATE_LIMIT,
  validateFleetRateLimit,
  KubernetesReadLimiter,
  DEFAULT_FLEET_KUBERNETES_CONCURRENCY,
  type FleetCollectorOptions,
  type FleetTarget,
  type FleetRegionSnapshot,
  type FleetRegionRefresh,
  type FleetRegionRefreshStats,
  type FleetRefreshInput,
  type FleetRefresh,
  type FleetRowSource,
  type FleetRateLimit,
} from './fleet';
