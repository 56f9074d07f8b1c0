import { Entity } from '@backstage/catalog-model';
import {
  AddonSummary,
  ClusterHealth,
  EKS_CLUSTER_ARN_ANNOTATION,
} from '@backstage-eks/plugin-eks-common';

export const DEMO_CLUSTER_ARN =
  'arn:aws:eks:eu-west-1:000000000000:cluster/demo';

/** The demo cluster's catalog entity, as examples/ declares it. */
export const demoClusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: { [EKS_CLUSTER_ARN_ANNOTATION]: DEMO_CLUSTER_ARN },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
};

/** A cluster Resource without any EKS annotation. */
export const unannotatedClusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'on-prem', namespace: 'default' },
  spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
};

const activeAddon = (
  name: string,
  version: string,
  extra: Partial<AddonSummary> = {},
): AddonSummary => ({
  name,
  status: 'ACTIVE',
  version,
  health: [],
  podIdentityAssociations: [],
  createdAt: '2026-11-20T09:12:00.000Z',
  modifiedAt: '2026-11-20T09:14:00.000Z',
  ...extra,
});

/** The seeded `demo` cluster: four add-ons ACTIVE, the EBS CSI driver DEGRADED. */
export const demoClusterHealth: ClusterHealth = {
  generatedAt: '2026-11-21T20:00:00.000Z',
  verdict: {
    kind: 'failing',
    headline:
      '1 problem on this cluster now: Add-on aws-ebs-csi-driver is DEGRADED',
    detail: 'And 1 finding that need attention.',
    nextStep:
      'Start with the first finding below: its fix follows from its cause.',
    counts: { critical: 1, warning: 1, info: 1 },
    unloadedSections: [],
  },
  cluster: {
    data: {
      name: 'demo',
      arn: DEMO_CLUSTER_ARN,
      accountId: '000000000000',
      region: 'eu-west-1',
      status: 'ACTIVE',
      version: '1.33',
      platformVersion: 'eks.9',
      endpoint:
        'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      authenticationMode: 'API',
      autoMode: false,
      oidcIssuer:
        'https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF',
      createdAt: '2026-11-20T09:00:00.000Z',
      tags: { team: 'platform' },
      upgradeAvailable: '1.34',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/eks/home?region=eu-west-1#/clusters/demo',
    },
  },
  insights: {
    data: [
      {
        id: 'insight-deprecated-apis',
        name: 'Deprecated APIs removed in Kubernetes v1.34',
        category: 'UPGRADE_READINESS',
        status: 'PASSING',
        description: 'Checks for usage of deprecated APIs.',
        kubernetesVersion: '1.34',
      },
      {
        id: 'insight-kubelet-skew',
        name: 'Kubelet version skew',
        category: 'UPGRADE_READINESS',
        status: 'WARNING',
        reason: 'Node group system runs kubelet 1.32.',
        recommendation: 'Upgrade the node group before the control plane.',
        kubernetesVersion: '1.34',
      },
    ],
  },
  nodeGroups: {
    data: [
      {
        name: 'system',
        status: 'ACTIVE',
        version: '1.33',
        amiType: 'AL2023_x86_64_STANDARD',
        capacityType: 'ON_DEMAND',
        instanceTypes: ['m6i.large'],
        desiredSize: 3,
        minSize: 3,
        maxSize: 6,
        httpPutResponseHopLimit: 2,
        httpTokens: 'required',
        issues: [],
      },
    ],
  },
  nodes: {
    data: {
      total: 4,
      ready: 3,
      notReady: 1,
      byZone: { 'eu-west-1a': 2, 'eu-west-1b': 1, 'eu-west-1c': 1 },
      items: [
        {
          name: 'ip-10-0-1-10.eu-west-1.compute.internal',
          ready: true,
          kubeletVersion: 'v1.33.5-eks-113cf36',
          instanceType: 'm6i.large',
          zone: 'eu-west-1a',
          capacityType: 'ON_DEMAND',
          os: 'linux',
          managedBy: { kind: 'nodegroup', name: 'system' },
        },
        {
          name: 'ip-10-0-2-10.eu-west-1.compute.internal',
          ready: true,
          kubeletVersion: 'v1.33.5-eks-113cf36',
          instanceType: 'm6i.large',
          zone: 'eu-west-1b',
          capacityType: 'ON_DEMAND',
          os: 'linux',
          managedBy: { kind: 'nodegroup', name: 'system' },
        },
        {
          name: 'ip-10-0-3-10.eu-west-1.compute.internal',
          ready: true,
          kubeletVersion: 'v1.33.5-eks-113cf36',
          instanceType: 'm6i.large',
          zone: 'eu-west-1c',
          capacityType: 'ON_DEMAND',
          os: 'linux',
          managedBy: { kind: 'nodegroup', name: 'system' },
        },
        {
          name: 'ip-10-0-1-77.eu-west-1.compute.internal',
          ready: false,
          kubeletVersion: 'v1.33.5-eks-113cf36',
          instanceType: 'c7i.xlarge',
          zone: 'eu-west-1a',
          capacityType: 'spot',
          os: 'linux',
          managedBy: { kind: 'karpenter', name: 'default' },
        },
      ],
    },
  },
  addons: {
    data: [
      activeAddon('coredns', 'v1.12.1-eksbuild.2'),
      activeAddon('eks-pod-identity-agent', 'v1.3.8-eksbuild.2'),
      activeAddon('kube-proxy', 'v1.33.3-eksbuild.4', {
        newerVersion: 'v1.33.5-eksbuild.2',
        defaultVersion: 'v1.33.3-eksbuild.4',
      }),
      activeAddon('vpc-cni', 'v1.20.1-eksbuild.1', {
        podIdentityAssociations: ['a-0vpccni000000001'],
      }),
      {
        name: 'aws-ebs-csi-driver',
        status: 'DEGRADED',
        version: 'v1.48.0-eksbuild.1',
        health: [
          {
            code: 'InsufficientNumberOfReplicas',
            message:
              'The add-on is unhealthy because it does not have the desired number of replicas.',
            resourceIds: ['kube-system/ebs-csi-controller'],
            remedy:
              'Check the ebs-csi-controller pods: they need a Pod Identity association with the AmazonEBSCSIDriverPolicy.',
          },
        ],
        podIdentityAssociations: [],
        createdAt: '2026-11-20T09:15:00.000Z',
      },
    ],
  },
  podIdentityAssociations: {
    data: [
      {
        associationId: 'a-0vpccni000000001',
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
        roleArn: 'arn:aws:iam::000000000000:role/demo-vpc-cni',
        ownerArn:
          'arn:aws:eks:eu-west-1:000000000000:addon/demo/vpc-cni/0123abcd',
      },
      {
        associationId: 'a-0karpenter0000001',
        namespace: 'kube-system',
        serviceAccount: 'karpenter',
        roleArn: 'arn:aws:iam::000000000000:role/KarpenterController-demo',
      },
    ],
  },
  capabilities: {
    data: [
      {
        name: 'argocd',
        type: 'ARGOCD',
        status: 'ACTIVE',
        version: 'v3.1.8-eks-1',
        roleArn: 'arn:aws:iam::000000000000:role/demo-argocd-capability',
        serverUrl: 'https://0123abcd.eks-capabilities.eu-west-1.amazonaws.com',
        deletePropagationPolicy: 'RETAIN',
        issues: [],
      },
      {
        name: 'ack',
        type: 'ACK',
        status: 'DEGRADED',
        version: 'v1.0.0-eks-1',
        roleArn: 'arn:aws:iam::000000000000:role/demo-ack-capability',
        deletePropagationPolicy: 'RETAIN',
        issues: [
          {
            code: 'AccessDenied',
            message:
              'The capability role arn:aws:iam::000000000000:role/demo-ack-capability does not exist: EKS cannot assume it.',
          },
        ],
      },
    ],
  },
  karpenter: {
    data: {
      installed: true,
      version: '1.8.1',
      controller: { ready: 2, desired: 2, namespace: 'kube-system' },
      nodePools: [
        {
          name: 'default',
          nodeClassRef: 'default',
          limits: { cpu: '1000', memory: '1000Gi' },
          usage: { cpu: '4', memory: '8Gi' },
          nodes: 1,
          consolidationPolicy: 'WhenEmptyOrUnderutilized',
          ready: true,
          zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
          capacityTypes: ['spot', 'on-demand'],
        },
      ],
      nodeClaims: [
        {
          name: 'default-x7k2p',
          nodePool: 'default',
          nodeName: 'ip-10-0-1-77.eu-west-1.compute.internal',
          instanceType: 'c7i.xlarge',
          zone: 'eu-west-1a',
          capacityType: 'spot',
          ready: false,
          createdAt: '2026-11-21T19:50:00.000Z',
        },
      ],
      pendingPods: 3,
      interruptionQueue: {
        name: 'Karpenter-demo',
        url: 'http://127.0.0.1:4599/000000000000/Karpenter-demo',
        exists: true,
        approximateMessages: 0,
        rules: [
          {
            kind: 'health-event',
            name: 'KarpenterHealthEvent-demo',
            present: true,
          },
          {
            kind: 'spot-interruption',
            name: 'KarpenterSpotInterruption-demo',
            present: true,
          },
          { kind: 'rebalance', name: 'KarpenterRebalance-demo', present: true },
          {
            kind: 'instance-state-change',
            name: 'KarpenterInstanceStateChange-demo',
            present: true,
          },
          { kind: 'capacity-reservation-interruption', present: false },
        ],
      },
    },
  },
  upgrade: {
    data: {
      version: '1.33',
      supportType: 'EXTENDED',
      support: {
        status: 'EXTENDED_SUPPORT',
        endOfStandardSupport: '2026-07-29T00:00:00.000Z',
        endOfExtendedSupport: '2027-07-29T00:00:00.000Z',
        standardSupportEnded: true,
        inExtendedSupport: true,
      },
      extendedSupportMonthlyCostUsd: 438,
      nextVersion: '1.34',
      upgradeReadiness: {
        version: '1.34',
        errors: 0,
        warnings: 1,
        passing: 1,
        findings: [
          {
            id: 'insight-kubelet-skew',
            name: 'Kubelet version skew',
            category: 'UPGRADE_READINESS',
            status: 'WARNING',
            reason: 'Node group system runs kubelet 1.32.',
            recommendation: 'Upgrade the node group before the control plane.',
            kubernetesVersion: '1.34',
          },
        ],
      },
      nodegroupUpdates: [],
    },
  },
  diagnostics: [
    {
      id: 'workloads-without-topology-spread',
      severity: 'info',
      title: 'Workloads without topology spread',
      what: 'Deployment shop/checkout has 3 replicas and no topology spread constraint.',
      why: 'Karpenter does not spread pods over zones by default; a zone outage can take every replica.',
      fix: 'Add a topologySpreadConstraint on topology.kubernetes.io/zone.',
      link: 'https://karpenter.sh/docs/concepts/scheduling/#topology-spread',
      resources: ['shop/checkout'],
    },
    {
      id: 'addon-degraded',
      severity: 'critical',
      title: 'Add-on aws-ebs-csi-driver is DEGRADED',
      what: 'aws-ebs-csi-driver reports InsufficientNumberOfReplicas.',
      why: 'Volumes cannot be attached or provisioned while the controller is down.',
      fix: 'Create a Pod Identity association for kube-system/ebs-csi-controller-sa with AmazonEBSCSIDriverPolicy.',
      action: {
        title: 'Create the Pod Identity association for ebs-csi-controller-sa',
        path: '/create/templates/default/eks-pod-identity?formData=%7B%22serviceAccount%22%3A%22ebs-csi-controller-sa%22%7D',
      },
      resources: ['aws-ebs-csi-driver'],
    },
    {
      id: 'karpenter-interruption-rules-missing',
      severity: 'warning',
      title: 'Karpenter interruption rule missing',
      what: 'The capacity-reservation-interruption rule does not target queue Karpenter-demo.',
      why: 'Karpenter cannot drain nodes ahead of capacity reservation interruptions.',
      fix: 'Create the EventBridge rule for EC2 Capacity Reservation Instance Interruption Warning targeting the queue.',
      link: 'https://karpenter.sh/docs/concepts/disruption/#interruption',
    },
  ],
};

const notFound = {
  error: {
    source: 'eks:DescribeCluster',
    message: 'ResourceNotFoundException: No cluster found for name: demo.',
  },
};

/**
 * The demo entity after its cluster was deleted: every section failed (the
 * EKS sections with ResourceNotFoundException, the Kubernetes ones for want
 * of an endpoint) and the verdict says the cluster is gone.
 */
export const deletedClusterHealth: ClusterHealth = {
  generatedAt: '2026-11-21T20:00:00.000Z',
  verdict: {
    kind: 'gone',
    cluster: { name: 'demo', accountId: '000000000000', region: 'eu-west-1' },
    headline: 'This cluster no longer exists in 000000000000/eu-west-1',
    detail:
      'EKS has no cluster named demo in account 000000000000, region eu-west-1 (DescribeCluster: ResourceNotFoundException).',
    nextStep:
      'If the cluster was deleted on purpose, unregister this entity from the catalog (the entity menu, "Unregister entity").',
    counts: { critical: 0, warning: 0, info: 0 },
    unloadedSections: [],
  },
  cluster: notFound,
  insights: {
    error: { source: 'eks:ListInsights', message: notFound.error.message },
  },
  nodeGroups: {
    error: { source: 'eks:ListNodegroups', message: notFound.error.message },
  },
  nodes: notFound,
  addons: {
    error: { source: 'eks:ListAddons', message: notFound.error.message },
  },
  podIdentityAssociations: {
    error: {
      source: 'eks:ListPodIdentityAssociations',
      message: notFound.error.message,
    },
  },
  capabilities: {
    error: {
      source: 'eks:ListCapabilities',
      message: notFound.error.message,
    },
  },
  karpenter: notFound,
  upgrade: notFound,
  diagnostics: [],
};
