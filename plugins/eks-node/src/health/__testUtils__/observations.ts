import type {
  AddonSummary,
  KarpenterSummary,
  NodeGroupSummary,
  NodeSummary,
  PodIdentityAssociationSummary,
} from '@backstage-eks/plugin-eks-common';
import { summarizeNodes, toNodesSummary } from '../sources/kubernetes';
import type {
  ClusterObservations,
  ContainerObservation,
  DeploymentObservation,
  PodObservation,
  WorkloadObservations,
} from '../types';

/** A healthy, plain cluster to change one fact at a time in tests. */
export function healthyObservations(): ClusterObservations {
  return {
    target: {
      accountId: '000000000000',
      region: 'eu-west-1',
      clusterName: 'demo',
    },
    cluster: {
      data: {
        name: 'demo',
        arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
        accountId: '000000000000',
        region: 'eu-west-1',
        status: 'ACTIVE',
        version: '1.33',
        autoMode: false,
        tags: {},
        consoleUrl: 'https://example.invalid',
      },
    },
    insights: { data: [] },
    nodeGroups: { data: [nodeGroup()] },
    nodes: {
      data: toNodesSummary([]),
    },
    addons: {
      data: ['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent'].map(
        name => addon({ name }),
      ),
    },
    podIdentityAssociations: { data: [] },
    capabilities: { data: [] },
    karpenter: { data: noKarpenter() },
    upgrade: {
      data: {
        version: '1.33',
        support: { standardSupportEnded: false, inExtendedSupport: false },
        extendedSupportMonthlyCostUsd: 438,
        nodegroupUpdates: [],
      },
    },
    workloads: { data: workloads() },
    fargateProfiles: { data: [] },
    rolePolicies: { data: {} },
    karpenterNodeClasses: { data: [] },
    karpenterControllerPods: { data: [] },
    metricsApi: { data: { horizontalPodAutoscalers: [] } },
    gateways: { data: [] },
    karpenterControllerRole: { data: undefined },
  };
}

export function nodeGroup(
  overrides: Partial<NodeGroupSummary> = {},
): NodeGroupSummary {
  return {
    name: 'system',
    status: 'ACTIVE',
    amiType: 'AL2023_x86_64_STANDARD',
    instanceTypes: ['m7i.large'],
    httpTokens: 'required',
    httpPutResponseHopLimit: 2,
    issues: [],
    ...overrides,
  };
}

export function node(overrides: Partial<NodeSummary> = {}): NodeSummary {
  return {
    name: 'ip-10-0-1-10.eu-west-1.compute.internal',
    ready: true,
    zone: 'eu-west-1a',
    os: 'linux',
    managedBy: { kind: 'nodegroup', name: 'system' },
    ...overrides,
  };
}

export function nodes(items: NodeSummary[]) {
  return summarizeNodes(items);
}

export function addon(overrides: Partial<AddonSummary> = {}): AddonSummary {
  return {
    name: 'vpc-cni',
    status: 'ACTIVE',
    version: 'v1.19.2-eksbuild.1',
    health: [],
    podIdentityAssociations: [],
    ...overrides,
  };
}

export function association(
  overrides: Partial<PodIdentityAssociationSummary> = {},
): PodIdentityAssociationSummary {
  return {
    associationId: 'a-0123456789abcdef0',
    namespace: 'orders',
    serviceAccount: 'orders-api',
    roleArn: 'arn:aws:iam::000000000000:role/orders-api',
    ...overrides,
  };
}

export function deployment(
  overrides: Partial<DeploymentObservation> = {},
): DeploymentObservation {
  return {
    namespace: 'orders',
    name: 'orders-api',
    labels: {},
    replicas: 1,
    readyReplicas: 1,
    images: ['example/orders-api:1.0.0'],
    args: [],
    spreadsOverZones: false,
    ...overrides,
  };
}

export function workloads(
  overrides: Partial<WorkloadObservations> = {},
): WorkloadObservations {
  return {
    deployments: [],
    loadBalancerServices: [],
    ingresses: [],
    ...overrides,
  };
}

export function noKarpenter(): KarpenterSummary {
  return { installed: false, nodePools: [], nodeClaims: [], pendingPods: 0 };
}

export function karpenter(
  overrides: Partial<KarpenterSummary> = {},
): KarpenterSummary {
  return {
    installed: true,
    version: '1.14.1',
    controller: { ready: 2, desired: 2, namespace: 'kube-system' },
    nodePools: [],
    nodeClaims: [],
    pendingPods: 0,
    interruptionQueue: {
      name: 'Karpenter-demo',
      exists: true,
      approximateMessages: 0,
      rules: [
        'health-event',
        'spot-interruption',
        'rebalance',
        'instance-state-change',
        'capacity-reservation-interruption',
      ].map(kind => ({
        kind: kind as any,
        name: `Karpenter-demo-${kind}`,
        present: true,
      })),
    },
    ...overrides,
  };
}

export const karpenterDeployment = (
  overrides: Partial<DeploymentObservation> = {},
) =>
  deployment({
    namespace: 'kube-system',
    name: 'karpenter',
    labels: { 'app.kubernetes.io/name': 'karpenter' },
    replicas: 2,
    readyReplicas: 2,
    images: ['public.ecr.aws/karpenter/controller:1.6.0'],
    serviceAccountName: 'karpenter',
    ...overrides,
  });

/** A Karpenter controller pod; by default Running and Ready. */
export function karpenterPod(
  overrides: Partial<PodObservation> = {},
  container: Partial<ContainerObservation> = {},
): PodObservation {
  return {
    namespace: 'kube-system',
    name: 'karpenter-7d4b9c8f6d-x2x9k',
    phase: 'Running',
    containers: [
      { name: 'controller', ready: true, restartCount: 0, ...container },
    ],
    ...overrides,
  };
}

/** A Karpenter controller pod in CrashLoopBackOff after `message`. */
export function crashLoopingKarpenterPod(message?: string): PodObservation {
  return karpenterPod(
    {},
    {
      ready: false,
      restartCount: 5,
      waitingReason: 'CrashLoopBackOff',
      lastTermination: { reason: 'Error', exitCode: 2, message },
    },
  );
}
