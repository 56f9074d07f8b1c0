import { stringify } from 'yaml';
import { karpenterCrds } from '../kubernetes/karpenterCrds.ts';
import { openCustomResourceDefinition } from '../kubernetes/openCrd.ts';
import { deepMerge, valueAt, type Values } from './values';

/**
 * The versions of the karpenter and karpenter-crd charts published at
 * oci://public.ecr.aws/karpenter (the v1 releases, tags v1.0.0 to v1.14.1 of
 * aws/karpenter-provider-aws), oldest first: helm pulls only these.
 */
export const PUBLISHED_KARPENTER_VERSIONS: readonly string[] = [
  ...[...Array(15).keys()].map(i => `1.0.${i}`),
  ...[...Array(11).keys()].map(i => `1.1.${i}`),
  ...[...Array(9).keys()].map(i => `1.2.${i}`),
  ...[...Array(9).keys()].map(i => `1.3.${i}`),
  ...[...Array(5).keys()].map(i => `1.4.${i}`),
  ...[...Array(9).keys()].map(i => `1.5.${i}`),
  ...[...Array(9).keys()].map(i => `1.6.${i}`),
  ...[...Array(7).keys()].map(i => `1.7.${i}`),
  ...[...Array(9).keys()].map(i => `1.8.${i}`),
  ...[...Array(3).keys()].map(i => `1.9.${i}`),
  ...[...Array(3).keys()].map(i => `1.10.${i}`),
  ...[...Array(4).keys()].map(i => `1.11.${i}`),
  ...[...Array(3).keys()].map(i => `1.12.${i}`),
  ...[...Array(2).keys()].map(i => `1.13.${i}`),
  ...[...Array(2).keys()].map(i => `1.14.${i}`),
];

/** The chart version installed when `--version` is not given: the latest. */
export const DEFAULT_KARPENTER_VERSION =
  PUBLISHED_KARPENTER_VERSIONS[PUBLISHED_KARPENTER_VERSIONS.length - 1];

/** Whether the karpenter charts were published at a version (`v` prefix as helm accepts it). */
export function isPublishedKarpenterVersion(version: string): boolean {
  return PUBLISHED_KARPENTER_VERSIONS.includes(version.replace(/^v/, ''));
}

function minorOf(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[1]);
}

/**
 * The karpenter-crd chart of a version: Karpenter's CRDs as templates, so
 * that Helm upgrades them with the release (the karpenter chart's crds/
 * folder is installed once and never upgraded): the sandbox's own Karpenter
 * CRDs (with the schemas and validation rules it enforces), and from 1.14
 * the CapacityBuffer CRD (autoscaling.x-k8s.io/v1beta1, namespaced). Helm's
 * ownership metadata is added as for every template.
 */
export function karpenterCrdChartObjects(version: string): Manifest[] {
  const crds = karpenterCrds().map(crd => {
    const { labels: _labels, ...metadata } = crd.metadata as Record<
      string,
      unknown
    >;
    return { ...crd, metadata } as unknown as Manifest;
  });
  if (minorOf(version) < 14) return crds;
  return [
    openCustomResourceDefinition({
      group: 'autoscaling.x-k8s.io',
      kind: 'CapacityBuffer',
      plural: 'capacitybuffers',
      scope: 'Namespaced',
      version: 'v1beta1',
      categories: ['autoscaling'],
      shortNames: ['cb'],
      requireSpec: false,
      annotations: { 'controller-gen.kubebuilder.io/version': 'v0.20.1' },
    }) as Manifest,
    ...crds,
  ];
}

/** A rendered Kubernetes object. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

function karpenterCrd(
  group: string,
  kind: string,
  plural: string,
  version: string,
): Manifest {
  return openCustomResourceDefinition({
    group,
    kind,
    plural,
    scope: 'Cluster',
    version: 'v1',
    categories: ['karpenter'],
    requireSpec: true,
    annotations: { 'controller-gen.kubebuilder.io/version': 'v0.18.0' },
    labels: {
      'app.kubernetes.io/part-of': 'karpenter',
      'app.kubernetes.io/version': version,
    },
  });
}

/** The karpenter chart's default values (the part this stand-in renders). */
const KARPENTER_DEFAULT_VALUES: Values = {
  replicas: 2,
  logLevel: 'info',
  dnsPolicy: 'ClusterFirst',
  podAnnotations: {},
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
  serviceAccount: { name: 'karpenter', annotations: {} },
  controller: { resources: {} },
  settings: { clusterName: '', clusterEndpoint: '', interruptionQueue: '' },
};

/** The chart defaults overridden by the user-supplied values (helm's computed values). */
export function computedValues(config: Values | null): Values {
  return deepMerge(structuredClone(KARPENTER_DEFAULT_VALUES), config ?? {});
}

/** The objects the karpenter chart renders for these values. */
export function renderKarpenter(
  release: string,
  namespace: string,
  version: string,
  userValues: Values,
): { crds: Manifest[]; resources: Manifest[] } {
  const values = computedValues(userValues);
  const appVersion = version.replace(/^v/, '');
  const labels = {
    'helm.sh/chart': `karpenter-${appVersion}`,
    'app.kubernetes.io/name': 'karpenter',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/version': appVersion,
    'app.kubernetes.io/managed-by': 'Helm',
  };
  const annotations = {
    'meta.helm.sh/release-name': release,
    'meta.helm.sh/release-namespace': namespace,
  };
  const selector = {
    'app.kubernetes.io/name': 'karpenter',
    'app.kubernetes.io/instance': release,
  };
  const serviceAccountName = String(valueAt(values, 'serviceAccount.name'));
  const clusterName = valueAt(values, 'settings.clusterName');
  const interruptionQueue = valueAt(values, 'settings.interruptionQueue');
  const clusterEndpoint = valueAt(values, 'settings.clusterEndpoint');
  const env = [
    { name: 'KUBERNETES_MIN_VERSION', value: '1.19.0-0' },
    { name: 'KARPENTER_SERVICE', value: 'karpenter' },
    { name: 'LOG_LEVEL', value: String(valueAt(values, 'logLevel')) },
    { name: 'METRICS_PORT', value: '8080' },
    { name: 'HEALTH_PROBE_PORT', value: '8081' },
    {
      name: 'SYSTEM_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    },
    { name: 'CLUSTER_NAME', value: String(clusterName) },
    ...(clusterEndpoint
      ? [{ name: 'CLUSTER_ENDPOINT', value: String(clusterEndpoint) }]
      : []),
    ...(interruptionQueue
      ? [{ name: 'INTERRUPTION_QUEUE', value: String(interruptionQueue) }]
      : []),
  ];
  const requests = valueAt(values, 'controller.resources.requests');
  const limits = valueAt(values, 'controller.resources.limits');
  const probe = (path: string) => ({
    httpGet: { path, port: 'http', scheme: 'HTTP' },
    initialDelaySeconds: 30,
    timeoutSeconds: 30,
    periodSeconds: 10,
    failureThreshold: 3,
  });
  const serviceAccountAnnotations = valueAt(
    values,
    'serviceAccount.annotations',
  );
  const serviceAccount: Manifest = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: serviceAccountName,
      namespace,
      labels,
      annotations: {
        ...annotations,
        ...(serviceAccountAnnotations as Values | undefined),
      },
    },
  };
  const deployment: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'karpenter', namespace, labels, annotations },
    spec: {
      replicas: Number(valueAt(values, 'replicas')),
      revisionHistoryLimit: 10,
      strategy: { rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: selector,
          annotations: valueAt(values, 'podAnnotations'),
        },
        spec: {
          serviceAccountName,
          securityContext: { fsGroup: 65532 },
          priorityClassName: 'system-cluster-critical',
          dnsPolicy: String(valueAt(values, 'dnsPolicy')),
          containers: [
            {
              name: 'controller',
              image: `public.ecr.aws/karpenter/controller:${appVersion}`,
              imagePullPolicy: 'IfNotPresent',
              env,
              ports: [
                { name: 'http-metrics', containerPort: 8080, protocol: 'TCP' },
                { name: 'http', containerPort: 8081, protocol: 'TCP' },
              ],
              livenessProbe: probe('/healthz'),
              readinessProbe: probe('/readyz'),
              ...(requests || limits
                ? {
                    resources: {
                      ...(requests ? { requests } : {}),
                      ...(limits ? { limits } : {}),
                    },
                  }
                : {}),
            },
          ],
          nodeSelector: valueAt(values, 'nodeSelector'),
          tolerations: valueAt(values, 'tolerations'),
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
            },
          ],
        },
      },
    },
  };
  return {
    crds: [
      karpenterCrd('karpenter.sh', 'NodePool', 'nodepools', appVersion),
      karpenterCrd('karpenter.sh', 'NodeClaim', 'nodeclaims', appVersion),
      karpenterCrd(
        'karpenter.k8s.aws',
        'EC2NodeClass',
        'ec2nodeclasses',
        appVersion,
      ),
    ],
    resources: [serviceAccount, deployment],
  };
}

const PLURALS: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  Deployment: 'deployments',
  CustomResourceDefinition: 'customresourcedefinitions',
};

/** The API path of a rendered object (cluster-scoped without a namespace). */
export function resourcePath(obj: Manifest): string {
  const base = obj.apiVersion.includes('/')
    ? `/apis/${obj.apiVersion}`
    : `/api/${obj.apiVersion}`;
  const scope = obj.metadata.namespace
    ? `/namespaces/${obj.metadata.namespace}`
    : '';
  return `${base}${scope}/${PLURALS[obj.kind]}/${obj.metadata.name}`;
}

/** A rendered template with the ownership metadata Helm sets on what it installs. */
export function withHelmOwnership(
  obj: Manifest,
  release: string,
  namespace: string,
): Manifest {
  const metadata = obj.metadata as Manifest['metadata'] & {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return {
    ...obj,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: {
        ...metadata.annotations,
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
      },
    },
  };
}

/**
 * Why Helm will not take an existing object into a release (undefined when
 * it will): it lacks the ownership metadata for this release, as helm's
 * "invalid ownership metadata" error lists it.
 */
export function ownershipProblem(
  existing: {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  },
  release: string,
  namespace: string,
): string | undefined {
  const labels = existing.metadata?.labels ?? {};
  const annotations = existing.metadata?.annotations ?? {};
  const problems: string[] = [];
  const check = (
    kind: 'label' | 'annotation',
    have: Record<string, string>,
    key: string,
    want: string,
  ) => {
    if (have[key] === undefined) {
      problems.push(
        `${kind} validation error: missing key "${key}": must be set to "${want}"`,
      );
    } else if (have[key] !== want) {
      problems.push(
        `${kind} validation error: key "${key}" must equal "${want}": current value is "${have[key]}"`,
      );
    }
  };
  check('label', labels, 'app.kubernetes.io/managed-by', 'Helm');
  check('annotation', annotations, 'meta.helm.sh/release-name', release);
  check('annotation', annotations, 'meta.helm.sh/release-namespace', namespace);
  return problems.length
    ? `invalid ownership metadata; ${problems.join('; ')}`
    : undefined;
}

/** The release manifest: each object as a YAML document with its template source. */
export function manifestOf(resources: Manifest[]): string {
  return resources
    .map(
      r =>
        `---\n# Source: karpenter/templates/${r.kind.toLowerCase()}.yaml\n${stringify(
          r,
        )}`,
    )
    .join('');
}
