import type {
  AddonInfo,
  CapabilitySummary,
  Cluster,
  ClusterVersionInformation,
  InsightSummary,
  PodIdentityAssociationSummary as AssociationListItem,
  Update,
} from '@aws-sdk/client-eks';
import type {
  AddonSummary,
  ClusterInsight,
  ClusterSummary,
  ClusterUpgradeSummary,
  EksCapabilityHealth,
  NodeGroupSummary,
  NodesSummary,
  PodIdentityAssociationSummary,
  SectionError,
} from '@backstage-eks/plugin-eks-common';
import {
  AUTO_MODE_NODE_CLASS_GROUP,
  type CustomObject,
} from '../sources/karpenter';
import { SourceError, toSectionError } from '../sources/section';
import { summarizeUpgrade } from '../sources/upgrade';
import type {
  DeploymentObservation,
  FargateProfileObservation,
  GatewayObservation,
  IngressObservation,
  KarpenterControllerRoleObservation,
  LoadBalancerServiceObservation,
  MetricsApiObservations,
  PodObservation,
  RolePolicyObservation,
  WorkloadObservations,
} from '../types';
import type { ObserveContext } from './context';
import * as eks from './eksDetails';
import * as lists from './eksLists';
import * as updates from './eksUpdates';
import {
  probeInterruptionQueue,
  type InterruptionQueueSummary,
} from './interruptionQueue';
import { observeKarpenter, type KarpenterObservation } from './karpenter';
import { observeKarpenterControllerRole } from './karpenterControllerRole';
import * as k8s from './kubernetesReads';
import type { ReadSteps } from './readGraph';
import { observeKafkaRolePolicies } from './rolePolicies';

/** The AWS reads of a health document and what each one gives. */
export interface AwsReads {
  // Round 1: keyed on the cluster's name only.
  cluster: Cluster;
  clusterVersions: ClusterVersionInformation[];
  insightSummaries: InsightSummary[];
  nodegroupNames: string[];
  addonNames: string[];
  associationList: AssociationListItem[];
  fargateProfileNames: string[];
  capabilityList: CapabilitySummary[];
  clusterUpdateIds: string[];
  guessedQueue: InterruptionQueueSummary;
  // Round 2: what needs round 1.
  clusterSummary: ClusterSummary;
  insights: ClusterInsight[];
  nodeGroups: NodeGroupSummary[];
  addonVersions: AddonInfo[] | undefined;
  addons: AddonSummary[];
  associations: PodIdentityAssociationSummary[];
  rolePolicies: Record<string, RolePolicyObservation>;
  fargateProfiles: FargateProfileObservation[];
  capabilities: EksCapabilityHealth[];
  /** The control plane's version updates and rollbacks. */
  clusterVersionUpdates: Update[];
  // Round 3, only while a node group is UPDATING.
  nodegroupVersionUpdates: updates.NodegroupUpdate[];
}

/**
 * The Kubernetes reads of a health document, once DescribeCluster named its
 * endpoint, or at once for a cluster reached before (confirmed by it).
 */
export interface KubernetesReads {
  kubernetes: k8s.KubernetesReader;
  autoMode: boolean;
  nodes: NodesSummary;
  deployments: DeploymentObservation[];
  services: LoadBalancerServiceObservation[];
  ingresses: IngressObservation[];
  gateways: GatewayObservation[];
  pendingPods: number;
  karpenterControllerPods: PodObservation[];
  metricsApi: MetricsApiObservations;
  nodePools: CustomObject[];
  nodeClaims: CustomObject[];
  nodeClasses: CustomObject[];
  /** EKS Auto Mode's NodeClasses; undefined when Auto Mode is off. */
  autoModeNodeClasses: CustomObject[] | undefined;
}

/** The reads made of several others. */
export interface CombinedReads {
  workloads: WorkloadObservations;
  karpenter: KarpenterObservation;
  /** Read only for the cluster's own Karpenter with a Pod Identity association. */
  karpenterControllerRole: KarpenterControllerRoleObservation | undefined;
  /** The version's support, readiness for the next one, version updates, the rollback window. */
  upgrade: ClusterUpgradeSummary;
}

/** The named reads of a health document and what each one gives. */
export type HealthReads = AwsReads & KubernetesReads & CombinedReads;

const KARPENTER_GROUP = 'karpenter.sh';
const KARPENTER_AWS_GROUP = 'karpenter.k8s.aws';

/**
 * How each read of a health document is made. They all start at once (see
 * startReads); each waits only for the reads it names, so the calls form two
 * dependent rounds, and each section fails on its own.
 */
export function healthReadSteps(ctx: ObserveContext): ReadSteps<HealthReads> {
  return {
    ...awsReadSteps(ctx),
    ...kubernetesReadSteps(ctx),
    ...combinedReadSteps(ctx),
  };
}

function awsReadSteps(ctx: ObserveContext): ReadSteps<AwsReads, HealthReads> {
  return {
    cluster: async () => lists.describeCluster(ctx),
    clusterVersions: async () => lists.listClusterVersions(ctx),
    insightSummaries: async () => lists.listInsights(ctx),
    nodegroupNames: async () => lists.listNodegroups(ctx),
    addonNames: async () => lists.listAddons(ctx),
    associationList: async () => lists.listPodIdentityAssociations(ctx),
    fargateProfileNames: async () => lists.listFargateProfiles(ctx),
    capabilityList: async () => lists.listCapabilities(ctx),
    clusterUpdateIds: async () => updates.listClusterUpdates(ctx),
    guessedQueue: async () =>
      probeInterruptionQueue(ctx.aws, ctx.guessedQueueName, ctx.awsTimeoutMs),

    clusterSummary: async get => {
      const cluster = await get('cluster');
      const versions = await get('clusterVersions').catch(() => []);
      return eks.summarizeCluster(ctx.target, cluster, versions);
    },
    insights: async get =>
      eks.describeInsights(ctx, await get('insightSummaries')),
    nodeGroups: async get =>
      eks.describeNodeGroups(ctx, await get('nodegroupNames')),
    addonVersions: async get => {
      const { version } = await get('cluster');
      return version ? eks.describeAddonVersions(ctx, version) : undefined;
    },
    addons: async get => {
      const names = await get('addonNames');
      const [addons, versions, cluster] = await Promise.all([
        eks.describeAddons(ctx, names),
        get('addonVersions').catch(() => undefined),
        get('cluster').catch(() => undefined),
      ]);
      return eks.summarizeAddons(addons, versions, cluster?.version);
    },
    associations: async get =>
      eks.describePodIdentityAssociations(ctx, await get('associationList')),
    rolePolicies: async get =>
      observeKafkaRolePolicies(
        ctx.aws,
        await get('associations'),
        ctx.awsTimeoutMs,
      ),
    fargateProfiles: async get =>
      eks.describeFargateProfiles(ctx, await get('fargateProfileNames')),
    capabilities: async get =>
      eks.describeCapabilities(ctx, await get('capabilityList')),
    clusterVersionUpdates: async get =>
      updates.describeClusterVersionUpdates(ctx, await get('clusterUpdateIds')),
    nodegroupVersionUpdates: async get =>
      updates.describeNodegroupVersionUpdates(ctx, await get('nodeGroups')),
  };
}

function kubernetesReadSteps(
  ctx: ObserveContext,
): ReadSteps<KubernetesReads, HealthReads> {
  return {
    kubernetes: async get => k8s.connectKubernetesEarly(ctx, get('cluster')),
    autoMode: async get =>
      (await get('cluster')).computeConfig?.enabled === true,
    nodes: async get => k8s.listNodes(await get('kubernetes')),
    deployments: async get => k8s.listDeployments(await get('kubernetes')),
    services: async get =>
      k8s.listLoadBalancerServices(await get('kubernetes')),
    ingresses: async get => k8s.listIngresses(await get('kubernetes')),
    gateways: async get => k8s.listGateways(await get('kubernetes')),
    pendingPods: async get => k8s.countPendingPods(await get('kubernetes')),
    karpenterControllerPods: async get => {
      const deployments = await get('deployments');
      return k8s.listKarpenterControllerPods(
        await get('kubernetes'),
        deployments,
      );
    },
    metricsApi: async get => k8s.readMetricsApi(await get('kubernetes')),
    nodePools: async get =>
      k8s.listCustomObjects(
        await get('kubernetes'),
        KARPENTER_GROUP,
        'nodepools',
      ),
    nodeClaims: async get =>
      k8s.listCustomObjects(
        await get('kubernetes'),
        KARPENTER_GROUP,
        'nodeclaims',
      ),
    nodeClasses: async get =>
      k8s.listCustomObjects(
        await get('kubernetes'),
        KARPENTER_AWS_GROUP,
        'ec2nodeclasses',
      ),
    autoModeNodeClasses: async get =>
      (await get('autoMode'))
        ? k8s.listCustomObjects(
            await get('kubernetes'),
            AUTO_MODE_NODE_CLASS_GROUP,
            'nodeclasses',
          )
        : undefined,
  };
}

/** Why the updates could not be read, naming the call that failed. */
function updatesError(error: unknown): { error: SectionError } {
  return {
    error:
      error instanceof SourceError
        ? error.sectionError
        : toSectionError('eks:ListUpdates', error),
  };
}

function combinedReadSteps(
  ctx: ObserveContext,
): ReadSteps<CombinedReads, HealthReads> {
  return {
    workloads: async get => {
      const [deployments, loadBalancerServices, ingresses] = await Promise.all([
        get('deployments'),
        get('services'),
        get('ingresses'),
      ]);
      return { deployments, loadBalancerServices, ingresses };
    },
    karpenter: async get => {
      const [deployments, nodePools, nodeClaims, pendingPods] =
        await Promise.all([
          get('deployments'),
          get('nodePools'),
          get('nodeClaims'),
          get('pendingPods'),
        ]);
      const nodeClasses = await get('nodeClasses').catch(() => undefined);
      const autoMode = (await get('autoMode'))
        ? {
            nodeClasses: await get('autoModeNodeClasses').catch(
              () => undefined,
            ),
          }
        : undefined;
      return observeKarpenter(
        ctx,
        {
          deployments,
          nodePools,
          nodeClaims,
          nodeClasses,
          pendingPods,
          autoMode,
        },
        () => get('guessedQueue'),
      );
    },
    karpenterControllerRole: async get => {
      const [deployments, associations] = await Promise.all([
        get('deployments'),
        get('associations'),
      ]);
      return observeKarpenterControllerRole(ctx, { deployments, associations });
    },
    upgrade: async get => {
      const cluster = await get('cluster');
      const [versions, insights, versionUpdates, nodegroupUpdates] =
        await Promise.all([
          get('clusterVersions').catch(() => []),
          get('insights').catch(() => undefined),
          get('clusterVersionUpdates').catch(updatesError),
          get('nodegroupVersionUpdates').catch(updatesError),
        ]);
      return summarizeUpgrade({
        cluster,
        versions,
        insights,
        versionUpdates,
        nodegroupUpdates,
        now: new Date(),
      });
    },
  };
}
