import { SUPPORTED_VERSIONS } from './clusterVersions';
import type { HealthIssue } from './model';

/** A Kubernetes workload an add-on runs. */
export interface AddonWorkload {
  kind: 'Deployment' | 'DaemonSet';
  name: string;
  /** Replicas of a Deployment. */
  replicas?: number;
}

/** One add-on version: the Kubernetes versions it runs on. */
export interface AddonVersionEntry {
  addonVersion: string;
  /** Oldest and newest Kubernetes minor it supports. */
  minKubernetes: string;
  maxKubernetes: string;
}

export interface AddonCatalogEntry {
  addonName: string;
  type: string;
  publisher: string;
  owner: 'aws' | 'community' | 'marketplace';
  defaultNamespace: string;
  requiresConfiguration: boolean;
  requiresIamPermissions: boolean;
  /** Newest last. */
  versions: AddonVersionEntry[];
  podIdentity: {
    serviceAccount: string;
    recommendedManagedPolicies: string[];
  }[];
  /**
   * The first version whose podIdentityConfiguration declares the service
   * accounts above (older ones support only IRSA, and EKS refuses Pod
   * Identity associations for them); unset: every version.
   */
  podIdentitySince?: string;
  workloads: AddonWorkload[];
  /** The issue the add-on reports when it has no IAM permissions (no role, no Pod Identity). */
  withoutPermissions?: HealthIssue;
}

const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const serviceRolePolicy = (name: string) =>
  `arn:aws:iam::aws:policy/service-role/${name}`;

/** Versions each compatible with exactly one Kubernetes minor. */
function perMinor(builds: Record<string, string[]>): AddonVersionEntry[] {
  return Object.entries(builds).flatMap(([k8s, versions]) =>
    versions.map(v => ({
      addonVersion: v,
      minKubernetes: k8s,
      maxKubernetes: k8s,
    })),
  );
}

function ranged(entries: [string, string, string][]): AddonVersionEntry[] {
  return entries.map(([addonVersion, minKubernetes, maxKubernetes]) => ({
    addonVersion,
    minKubernetes,
    maxKubernetes,
  }));
}

const replicasIssue = (deployment: string, why: string): HealthIssue => ({
  code: 'InsufficientNumberOfReplicas',
  message: `The add-on is unhealthy because it doesn't have the desired number of replicas. ${why}`,
  resourceIds: [`kube-system/${deployment}`],
});

export const ADDON_CATALOG: AddonCatalogEntry[] = [
  {
    addonName: 'vpc-cni',
    type: 'networking',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v1.18.6-eksbuild.1', '1.30', '1.32'],
      ['v1.19.2-eksbuild.1', '1.30', '1.33'],
      ['v1.19.5-eksbuild.3', '1.30', '1.34'],
      ['v1.20.1-eksbuild.3', '1.30', '1.34'],
      ['v1.20.4-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'aws-node',
        recommendedManagedPolicies: [policy('AmazonEKS_CNI_Policy')],
      },
    ],
    workloads: [{ kind: 'DaemonSet', name: 'aws-node' }],
  },
  {
    addonName: 'coredns',
    type: 'networking',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: perMinor({
      '1.30': [
        'v1.11.1-eksbuild.9',
        'v1.11.1-eksbuild.11',
        'v1.11.3-eksbuild.2',
      ],
      '1.31': [
        'v1.11.3-eksbuild.1',
        'v1.11.3-eksbuild.2',
        'v1.11.4-eksbuild.2',
      ],
      '1.32': [
        'v1.11.4-eksbuild.2',
        'v1.11.4-eksbuild.14',
        'v1.11.4-eksbuild.20',
      ],
      '1.33': [
        'v1.12.1-eksbuild.2',
        'v1.12.2-eksbuild.4',
        'v1.12.4-eksbuild.1',
      ],
      '1.34': ['v1.12.3-eksbuild.1', 'v1.12.4-eksbuild.1'],
    }),
    podIdentity: [],
    workloads: [{ kind: 'Deployment', name: 'coredns', replicas: 2 }],
  },
  {
    addonName: 'kube-proxy',
    type: 'networking',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: perMinor({
      '1.30': [
        'v1.30.6-eksbuild.3',
        'v1.30.11-eksbuild.2',
        'v1.30.14-eksbuild.8',
      ],
      '1.31': [
        'v1.31.3-eksbuild.2',
        'v1.31.7-eksbuild.7',
        'v1.31.13-eksbuild.2',
      ],
      '1.32': [
        'v1.32.0-eksbuild.2',
        'v1.32.3-eksbuild.7',
        'v1.32.9-eksbuild.2',
      ],
      '1.33': [
        'v1.33.0-eksbuild.2',
        'v1.33.3-eksbuild.4',
        'v1.33.5-eksbuild.2',
      ],
      '1.34': ['v1.34.0-eksbuild.2', 'v1.34.1-eksbuild.2'],
    }),
    podIdentity: [],
    workloads: [{ kind: 'DaemonSet', name: 'kube-proxy' }],
  },
  {
    addonName: 'eks-pod-identity-agent',
    type: 'security',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: ranged([
      ['v1.3.4-eksbuild.1', '1.30', '1.32'],
      ['v1.3.5-eksbuild.2', '1.30', '1.33'],
      ['v1.3.7-eksbuild.2', '1.30', '1.34'],
      ['v1.3.8-eksbuild.2', '1.30', '1.34'],
    ]),
    podIdentity: [],
    workloads: [{ kind: 'DaemonSet', name: 'eks-pod-identity-agent' }],
  },
  {
    addonName: 'aws-ebs-csi-driver',
    type: 'storage',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v1.38.1-eksbuild.2', '1.30', '1.32'],
      ['v1.41.0-eksbuild.1', '1.30', '1.33'],
      ['v1.44.0-eksbuild.1', '1.30', '1.34'],
      ['v1.48.0-eksbuild.2', '1.30', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'ebs-csi-controller-sa',
        recommendedManagedPolicies: [
          serviceRolePolicy('AmazonEBSCSIDriverPolicy'),
        ],
      },
    ],
    workloads: [
      { kind: 'Deployment', name: 'ebs-csi-controller', replicas: 2 },
      { kind: 'DaemonSet', name: 'ebs-csi-node' },
    ],
    withoutPermissions: replicasIssue(
      'ebs-csi-controller',
      'The ebs-csi-controller pods crash because the ebs-csi-controller-sa service account has no IAM role (no Pod Identity association or IRSA role).',
    ),
  },
  {
    addonName: 'aws-efs-csi-driver',
    type: 'storage',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v2.1.4-eksbuild.1', '1.30', '1.32'],
      ['v2.1.7-eksbuild.1', '1.30', '1.33'],
      ['v2.1.9-eksbuild.1', '1.30', '1.34'],
      ['v2.1.11-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'efs-csi-controller-sa',
        recommendedManagedPolicies: [
          serviceRolePolicy('AmazonEFSCSIDriverPolicy'),
        ],
      },
    ],
    workloads: [
      { kind: 'Deployment', name: 'efs-csi-controller', replicas: 2 },
      { kind: 'DaemonSet', name: 'efs-csi-node' },
    ],
    withoutPermissions: replicasIssue(
      'efs-csi-controller',
      'The efs-csi-controller pods crash because the efs-csi-controller-sa service account has no IAM role.',
    ),
  },
  {
    addonName: 'external-dns',
    type: 'networking',
    publisher: 'external-dns',
    owner: 'community',
    defaultNamespace: 'external-dns',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v0.15.1-eksbuild.1', '1.30', '1.33'],
      ['v0.17.0-eksbuild.1', '1.30', '1.34'],
      ['v0.18.0-eksbuild.1', '1.31', '1.34'],
      ['v0.19.0-eksbuild.2', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'external-dns',
        recommendedManagedPolicies: [policy('AmazonRoute53FullAccess')],
      },
    ],
    workloads: [{ kind: 'Deployment', name: 'external-dns', replicas: 1 }],
    withoutPermissions: {
      code: 'AccessDenied',
      message:
        'external-dns cannot call route53:ListHostedZones: the external-dns service account has no IAM role (no Pod Identity association or IRSA role).',
      resourceIds: ['external-dns/external-dns'],
    },
  },
  {
    addonName: 'metrics-server',
    type: 'observability',
    publisher: 'eks',
    owner: 'community',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: ranged([
      ['v0.7.2-eksbuild.1', '1.30', '1.33'],
      ['v0.7.2-eksbuild.3', '1.30', '1.34'],
      ['v0.8.0-eksbuild.2', '1.30', '1.34'],
    ]),
    podIdentity: [],
    workloads: [{ kind: 'Deployment', name: 'metrics-server', replicas: 2 }],
  },
  {
    addonName: 'cert-manager',
    type: 'security',
    publisher: 'cert-manager',
    owner: 'community',
    defaultNamespace: 'cert-manager',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: ranged([
      ['v1.16.3-eksbuild.1', '1.30', '1.33'],
      ['v1.17.2-eksbuild.1', '1.30', '1.34'],
      ['v1.18.2-eksbuild.2', '1.31', '1.34'],
    ]),
    podIdentity: [],
    workloads: [
      { kind: 'Deployment', name: 'cert-manager', replicas: 1 },
      { kind: 'Deployment', name: 'cert-manager-cainjector', replicas: 1 },
      { kind: 'Deployment', name: 'cert-manager-webhook', replicas: 1 },
    ],
  },
  {
    addonName: 'adot',
    type: 'observability',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'opentelemetry-operator-system',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v0.109.0-eksbuild.2', '1.30', '1.32'],
      ['v0.117.0-eksbuild.1', '1.30', '1.33'],
      ['v0.131.0-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'adot-col-prom-metrics',
        recommendedManagedPolicies: [
          policy('AmazonPrometheusRemoteWriteAccess'),
        ],
      },
      {
        serviceAccount: 'adot-col-otlp-ingest',
        recommendedManagedPolicies: [policy('AWSXrayWriteOnlyAccess')],
      },
      {
        serviceAccount: 'adot-col-container-logs',
        recommendedManagedPolicies: [policy('CloudWatchAgentServerPolicy')],
      },
    ],
    workloads: [
      { kind: 'Deployment', name: 'opentelemetry-operator', replicas: 1 },
    ],
  },
  {
    addonName: 'amazon-cloudwatch-observability',
    type: 'observability',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'amazon-cloudwatch',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v3.6.0-eksbuild.1', '1.30', '1.33'],
      ['v4.1.0-eksbuild.1', '1.30', '1.34'],
      ['v4.4.0-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 'cloudwatch-agent',
        recommendedManagedPolicies: [
          policy('CloudWatchAgentServerPolicy'),
          policy('AWSXrayWriteOnlyAccess'),
        ],
      },
    ],
    workloads: [
      {
        kind: 'Deployment',
        name: 'amazon-cloudwatch-observability-controller-manager',
        replicas: 1,
      },
      { kind: 'DaemonSet', name: 'cloudwatch-agent' },
      { kind: 'DaemonSet', name: 'fluent-bit' },
    ],
    withoutPermissions: {
      code: 'AccessDenied',
      message:
        'cloudwatch-agent cannot call logs:PutLogEvents: the cloudwatch-agent service account has no IAM role (no Pod Identity association or IRSA role).',
      resourceIds: ['amazon-cloudwatch/cloudwatch-agent'],
    },
  },
  {
    addonName: 'snapshot-controller',
    type: 'storage',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: ranged([
      ['v8.1.0-eksbuild.2', '1.30', '1.33'],
      ['v8.2.0-eksbuild.1', '1.30', '1.34'],
      ['v8.3.0-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [],
    workloads: [
      { kind: 'Deployment', name: 'snapshot-controller', replicas: 2 },
    ],
  },
  {
    addonName: 'aws-mountpoint-s3-csi-driver',
    type: 'storage',
    publisher: 'eks',
    owner: 'aws',
    defaultNamespace: 'kube-system',
    requiresConfiguration: false,
    requiresIamPermissions: true,
    versions: ranged([
      ['v1.14.1-eksbuild.1', '1.30', '1.33'],
      ['v1.15.0-eksbuild.1', '1.30', '1.34'],
      ['v2.0.0-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [
      {
        serviceAccount: 's3-csi-driver-sa',
        recommendedManagedPolicies: [policy('AmazonS3FullAccess')],
      },
    ],
    // Mountpoint for Amazon S3 CSI driver v1 takes IRSA only; v2 added EKS
    // Pod Identity (its v2.0.0 release notes)
    podIdentitySince: 'v2.0.0-eksbuild.1',
    workloads: [{ kind: 'DaemonSet', name: 's3-csi-node' }],
    withoutPermissions: {
      code: 'AccessDenied',
      message:
        'The s3-csi-node pods cannot mount buckets: the s3-csi-driver-sa service account has no IAM role (no Pod Identity association or IRSA role).',
      resourceIds: ['kube-system/s3-csi-node'],
    },
  },
];

/**
 * An add-on from the AWS Marketplace, the community catalog or a smaller AWS
 * one: one workload, no IAM permissions required, three versions spread over
 * the supported Kubernetes minors. Real EKS lists dozens; a cluster with 60
 * add-ons needs them.
 */
function thirdParty(
  addonName: string,
  type: string,
  defaultNamespace: string,
  workload: AddonWorkload,
  owner: AddonCatalogEntry['owner'] = 'marketplace',
): AddonCatalogEntry {
  const publisher =
    owner === 'marketplace'
      ? addonName.split('_')[0].replace(/-/g, ' ')
      : 'eks';
  return {
    addonName,
    type,
    publisher,
    owner,
    defaultNamespace,
    requiresConfiguration: false,
    requiresIamPermissions: false,
    versions: ranged([
      ['v1.0.0-eksbuild.1', '1.30', '1.33'],
      ['v1.1.0-eksbuild.1', '1.30', '1.34'],
      ['v1.2.0-eksbuild.1', '1.31', '1.34'],
    ]),
    podIdentity: [],
    workloads: [workload],
  };
}

const deployment = (name: string): AddonWorkload => ({
  kind: 'Deployment',
  name,
  replicas: 1,
});
const daemonSet = (name: string): AddonWorkload => ({
  kind: 'DaemonSet',
  name,
});

/** Marketplace and community add-ons, by their real EKS names. */
const THIRD_PARTY_ADDONS: AddonCatalogEntry[] = [
  thirdParty(
    'kubecost_kubecost',
    'cost-management',
    'kubecost',
    deployment('kubecost-cost-analyzer'),
  ),
  thirdParty(
    'datadog_operator',
    'monitoring',
    'datadog-agent',
    deployment('datadog-operator'),
  ),
  thirdParty(
    'dynatrace_dynatrace-operator',
    'monitoring',
    'dynatrace',
    deployment('dynatrace-operator'),
  ),
  thirdParty(
    'splunk_splunk-otel-collector-chart',
    'monitoring',
    'splunk-monitoring',
    daemonSet('splunk-otel-collector-agent'),
  ),
  thirdParty(
    'solo-io_gloo-gateway',
    'networking',
    'gloo-system',
    deployment('gloo'),
  ),
  thirdParty(
    'solo-io_istio-distro',
    'service-mesh',
    'istio-system',
    deployment('istiod'),
  ),
  thirdParty(
    'tetrate-io_istio-distro',
    'service-mesh',
    'istio-system',
    deployment('istiod'),
  ),
  thirdParty(
    'new-relic_kubernetes-integration',
    'monitoring',
    'newrelic',
    daemonSet('newrelic-infrastructure'),
  ),
  thirdParty(
    'grafana-labs_kubernetes-monitoring',
    'monitoring',
    'grafana',
    daemonSet('grafana-agent'),
  ),
  thirdParty(
    'teleport_teleport',
    'security',
    'teleport',
    deployment('teleport-kube-agent'),
  ),
  thirdParty(
    'factorhouse_kpow',
    'monitoring',
    'factorhouse',
    deployment('kpow'),
  ),
  thirdParty(
    'stormforge_optimize-live',
    'cost-management',
    'stormforge-system',
    deployment('optimize-controller'),
  ),
  thirdParty('kasten_k10', 'storage', 'kasten-io', deployment('k10-gateway')),
  thirdParty(
    'rafay-systems_rafay-operator',
    'management',
    'rafay-system',
    deployment('controller-manager'),
  ),
  thirdParty(
    'upbound_universal-crossplane',
    'infra-management',
    'upbound-system',
    deployment('crossplane'),
  ),
  thirdParty(
    'haproxy-technologies_kubernetes-ingress-ee',
    'ingress-controller',
    'haproxy-controller',
    deployment('haproxy-kubernetes-ingress'),
  ),
  thirdParty(
    'calyptia_fluent-bit',
    'observability',
    'calyptia-fluentbit',
    daemonSet('fluent-bit'),
  ),
  thirdParty(
    'cribl_cribledge',
    'observability',
    'cribledge',
    daemonSet('cribl-edge'),
  ),
  thirdParty(
    'groundcover_agent',
    'observability',
    'groundcover',
    daemonSet('alligator'),
  ),
  thirdParty(
    'kong_konnect-ri',
    'networking',
    'kong',
    deployment('kong-gateway'),
  ),
  thirdParty(
    'netapp_trident-operator',
    'storage',
    'trident',
    deployment('trident-operator'),
  ),
  thirdParty(
    'leaksignal_leakagent',
    'security',
    'leakagent',
    daemonSet('leakagent'),
  ),
  thirdParty('akuity_agent', 'gitops', 'akuity', deployment('akuity-agent')),
  thirdParty(
    'accuknox_kubearmor',
    'security',
    'kubearmor',
    daemonSet('kubearmor'),
  ),
  thirdParty(
    'cisco_cisco-cloud-observability-collectors',
    'observability',
    'appdynamics',
    daemonSet('appdynamics-collectors'),
  ),
  thirdParty(
    'cisco_cisco-cloud-observability-operators',
    'observability',
    'appdynamics',
    deployment('appdynamics-operators'),
  ),
  thirdParty(
    'nirmata_kyverno',
    'policy-management',
    'kyverno',
    deployment('kyverno-admission-controller'),
  ),
  thirdParty(
    'komodor_k8s-watcher',
    'monitoring',
    'komodor',
    deployment('k8s-watcher'),
  ),
  thirdParty(
    'spacelift_workerpool-controller',
    'gitops',
    'spacelift-worker-controller-system',
    deployment('controller-manager'),
  ),
  thirdParty(
    'solarwinds_swo-k8s-collector-addon',
    'monitoring',
    'solarwinds',
    daemonSet('swo-k8s-collector-node'),
  ),
  thirdParty(
    'catalogic-software_cloudcasa',
    'storage',
    'cloudcasa-io',
    deployment('cloudcasa-kubeagent'),
  ),
  thirdParty(
    'vantage_vantage-kubernetes-agent',
    'cost-management',
    'vantage',
    deployment('vantage-kubernetes-agent'),
  ),
  thirdParty(
    'upwind-security_upwind-operator',
    'security',
    'upwind',
    deployment('upwind-operator'),
  ),
  thirdParty(
    'crowdstrike_falcon-operator',
    'security',
    'falcon-operator',
    deployment('falcon-operator'),
  ),
  thirdParty(
    'suse_neuvector',
    'security',
    'neuvector',
    deployment('neuvector-controller-pod'),
  ),
  thirdParty(
    'f5-networks_nginx-ingress',
    'ingress-controller',
    'nginx-ingress',
    deployment('nginx-ingress-controller'),
  ),
  thirdParty(
    'traefik_traefik-hub',
    'ingress-controller',
    'traefik-hub',
    deployment('traefik-hub'),
  ),
  thirdParty(
    'isovalent_networking-for-kubernetes',
    'networking',
    'kube-system',
    daemonSet('cilium'),
  ),
  thirdParty(
    'kubescape_kubescape',
    'security',
    'kubescape',
    deployment('operator'),
  ),
  thirdParty(
    'loft-labs_vcluster-platform',
    'management',
    'vcluster-platform',
    deployment('loft'),
  ),
  thirdParty(
    'perfectscale_perfectscale',
    'cost-management',
    'perfectscale',
    deployment('psc-autoscaler'),
  ),
  thirdParty(
    'cast-ai_castai-agent',
    'cost-management',
    'castai-agent',
    deployment('castai-agent'),
  ),
  thirdParty(
    'fluent-bit',
    'observability',
    'fluent-bit',
    daemonSet('fluent-bit'),
    'community',
  ),
  thirdParty(
    'prometheus-node-exporter',
    'observability',
    'prometheus-node-exporter',
    daemonSet('prometheus-node-exporter'),
    'community',
  ),
  thirdParty(
    'kube-state-metrics',
    'observability',
    'kube-state-metrics',
    deployment('kube-state-metrics'),
    'community',
  ),
  thirdParty(
    'aws-guardduty-agent',
    'security',
    'amazon-guardduty',
    daemonSet('aws-guardduty-agent'),
    'aws',
  ),
  thirdParty(
    'eks-node-monitoring-agent',
    'observability',
    'kube-system',
    daemonSet('eks-node-monitoring-agent'),
    'aws',
  ),
  thirdParty(
    'aws-network-flow-monitoring-agent',
    'observability',
    'amazon-network-flow-monitor',
    daemonSet('aws-network-flow-monitor-agent'),
    'aws',
  ),
];

ADDON_CATALOG.push(...THIRD_PARTY_ADDONS);

export function catalogEntry(addonName: string): AddonCatalogEntry | undefined {
  return ADDON_CATALOG.find(a => a.addonName === addonName);
}

function minorIndex(version: string) {
  return SUPPORTED_VERSIONS.indexOf(version);
}

/** The add-on's versions that run on a Kubernetes version, newest first. */
export function compatibleVersions(
  entry: AddonCatalogEntry,
  kubernetesVersion: string,
): string[] {
  const k = minorIndex(kubernetesVersion);
  if (k < 0) return [];
  return entry.versions
    .filter(
      v => minorIndex(v.minKubernetes) <= k && k <= minorIndex(v.maxKubernetes),
    )
    .map(v => v.addonVersion)
    .reverse();
}

/**
 * The version EKS installs when none is named: like EKS, not always the newest;
 * the second newest when three or more versions are compatible.
 */
export function defaultVersion(
  entry: AddonCatalogEntry,
  kubernetesVersion: string,
): string | undefined {
  const versions = compatibleVersions(entry, kubernetesVersion);
  return versions.length >= 3 ? versions[1] : versions[0];
}

/**
 * The Pod Identity configuration of one add-on version: the entry's, from
 * `podIdentitySince` on; none before it.
 */
export function podIdentityOfVersion(
  entry: AddonCatalogEntry,
  addonVersion: string,
): AddonCatalogEntry['podIdentity'] {
  if (!entry.podIdentitySince) return entry.podIdentity;
  const index = (v: string) =>
    entry.versions.findIndex(e => e.addonVersion === v);
  return index(addonVersion) >= index(entry.podIdentitySince)
    ? entry.podIdentity
    : [];
}

/** Kubernetes versions an add-on version supports. */
export function kubernetesVersionsOf(
  entry: AddonCatalogEntry,
  addonVersion: string,
): string[] {
  return SUPPORTED_VERSIONS.filter(k =>
    compatibleVersions(entry, k).includes(addonVersion),
  );
}
