import type { KarpenterSummary } from './health';
import type { ValidationRule } from './validation';

/** A Karpenter version: three numbers, an optional `v` and pre-release. */
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The interruption queue name Karpenter setups use by default:
 * `Karpenter-<cluster>` (terraform-aws-eks's karpenter submodule). The health
 * check looks for it before it has read Karpenter's own `interruptionQueue`
 * setting, and follows that setting when it differs.
 *
 * @public
 */
export function defaultKarpenterInterruptionQueueName(
  clusterName: string,
): string {
  return `Karpenter-${clusterName}`;
}

/**
 * Whether Karpenter's `settings.interruptionQueue` is a queue NAME (Karpenter
 * calls GetQueueUrl with it), not an ARN or URL, which find no queue. @public
 */
export function isKarpenterQueueName(value: string): boolean {
  return !/^arn:|^https?:\/\/|\//.test(value);
}

/**
 * Whether a Karpenter controller of the cluster's own runs in it (installed
 * with Helm), as opposed to none or only EKS Auto Mode's, which runs outside
 * the cluster with its own credentials and interruption handling: the checks
 * of the controller's credentials and interruption queue apply only to the
 * cluster's own.
 *
 * @public
 */
export function runsOwnKarpenter(karpenter: KarpenterSummary): boolean {
  if (!karpenter.installed) return false;
  return (
    karpenter.runBy !== 'eks-auto-mode' || karpenter.controller !== undefined
  );
}

/**
 * What a Karpenter release needs beyond the v1 controller policy of 1.0
 * (terraform-aws-eks v21's and Karpenter's own CloudFormation template),
 * each from the release that introduced it, as Karpenter's upgrade guide
 * ("Upgrading to 1.x.0+") and its getting-started cloudformation.yaml say:
 *
 * - `capacity-reservation-interruption-rule` (1.10): the fifth EventBridge
 *   rule, "EC2 Capacity Reservation Instance Interruption Warning";
 * - `placement-groups` (1.11): `ec2:DescribePlacementGroups` in the regional
 *   reads and `placement-group/*` among RunInstances/CreateFleet resources;
 * - `describe-instance-status` (1.12): `ec2:DescribeInstanceStatus` for the
 *   interruption controller's instance status health checks;
 * - `zonal-shift` (1.12, only with `settings.enableZonalShift`):
 *   `arc-zonal-shift:GetManagedResource` on the cluster, and the cluster's
 *   zonal shift config enabled.
 *
 * @public
 */
export type KarpenterRequirement =
  | 'capacity-reservation-interruption-rule'
  | 'placement-groups'
  | 'describe-instance-status'
  | 'zonal-shift';

/** One requirement: the release that introduced it and what it adds. @public */
export interface KarpenterRequirementChange {
  requirement: KarpenterRequirement;
  /** The first Karpenter release that needs it. */
  since: string;
  /** IAM actions the controller policy adds for it. */
  actions: string[];
  /** What it adds, in words. */
  description: string;
  /** Set when only an opt-in setting needs it. */
  onlyWith?: 'settings.enableZonalShift';
}

/** The requirements, oldest first. @public */
export const KARPENTER_REQUIREMENT_CHANGES: readonly KarpenterRequirementChange[] =
  [
    {
      requirement: 'capacity-reservation-interruption-rule',
      since: '1.10.0',
      actions: [],
      description:
        'the EventBridge rule for "EC2 Capacity Reservation Instance Interruption Warning" events to the interruption queue',
    },
    {
      requirement: 'placement-groups',
      since: '1.11.0',
      actions: ['ec2:DescribePlacementGroups'],
      description:
        'ec2:DescribePlacementGroups, and placement-group/* among the resources of ec2:RunInstances and ec2:CreateFleet',
    },
    {
      requirement: 'describe-instance-status',
      since: '1.12.0',
      actions: ['ec2:DescribeInstanceStatus'],
      description:
        "ec2:DescribeInstanceStatus, for the interruption controller's EC2 instance status health checks",
    },
    {
      requirement: 'zonal-shift',
      since: '1.12.0',
      actions: ['arc-zonal-shift:GetManagedResource'],
      description:
        "arc-zonal-shift:GetManagedResource on the cluster (with settings.enableZonalShift), and the cluster's zonal shift config enabled",
      onlyWith: 'settings.enableZonalShift',
    },
  ];

/** A Karpenter minor this product installs, and what it needs. @public */
export interface KarpenterReleaseLine {
  /** e.g. `1.14`. */
  minor: string;
  /** Its published chart versions (`oci://public.ecr.aws/karpenter/karpenter`), oldest first. */
  versions: string[];
  /**
   * The Kubernetes minors it supports, from Karpenter's compatibility
   * matrix ({@link KARPENTER_MINIMUM_FOR_KUBERNETES}).
   */
  kubernetes: { oldest: string; newest: string };
  /** What it needs beyond the 1.0 controller policy (see {@link KarpenterRequirement}). */
  requirements: KarpenterRequirement[];
  /** The chart's `settings` keys (values.yaml), and its `settings.featureGates`. */
  settings: string[];
  featureGates: string[];
  /** The CRDs the release ships (its karpenter-crd chart). */
  crds: string[];
}

/**
 * Karpenter's compatibility matrix (docs, upgrading/compatibility.md): the
 * oldest Karpenter that supports each Kubernetes minor.
 *
 * @public
 */
export const KARPENTER_MINIMUM_FOR_KUBERNETES: Readonly<
  Record<string, string>
> = {
  '1.30': '0.37.0',
  '1.31': '1.0.5',
  '1.32': '1.2.0',
  '1.33': '1.5.0',
  '1.34': '1.6.0',
  '1.35': '1.9.0',
  '1.36': '1.13.0',
};

// charts/karpenter/values.yaml of v1.13.1 (settings and settings.featureGates)
const SETTINGS_1_13 = `batchMaxDuration batchIdleDuration preferencePolicy
  minValuesPolicy clusterCABundle clusterName clusterEndpoint isolatedVPC
  eksControlPlane vmMemoryOverheadPercent interruptionQueue enableZonalShift
  reservedENIs ignoreDRARequests disableClusterStateObservability disableDryRun
  amiRefreshInterval subnetRefreshInterval featureGates`.split(/\s+/);
const FEATURE_GATES_1_13 =
  'nodeRepair nodeOverlay reservedCapacity spotToSpotConsolidation staticCapacity'.split(
    ' ',
  );
const CRDS_1_13 = ['ec2nodeclasses.karpenter.k8s.aws'].concat(
  ['nodeclaims', 'nodeoverlays', 'nodepools'].map(p => `${p}.karpenter.sh`),
);

function requirementsOf(firstVersion: string): KarpenterRequirement[] {
  return KARPENTER_REQUIREMENT_CHANGES.filter(
    c => compareKarpenterVersions(c.since, firstVersion) <= 0,
  ).map(c => c.requirement);
}

function kubernetesOf(firstVersion: string): {
  oldest: string;
  newest: string;
} {
  const minors = Object.keys(KARPENTER_MINIMUM_FOR_KUBERNETES).filter(
    k =>
      compareKarpenterVersions(
        KARPENTER_MINIMUM_FOR_KUBERNETES[k],
        firstVersion,
      ) <= 0,
  );
  return { oldest: minors[0], newest: minors[minors.length - 1] };
}

/**
 * The Karpenter releases this product installs and upgrades to: the current
 * minor and the one before (newest first), with their published patches,
 * the Kubernetes versions they support, what their controller policy needs,
 * and their chart's settings. The controller policy is generated from this
 * table for the chart version chosen, so policy and chart cannot drift; a
 * chart version outside it is refused before any write.
 *
 * Sources: the karpenter-provider-aws releases (v1.13.0, v1.13.1, v1.14.0,
 * v1.14.1), each version's upgrade guide, cloudformation.yaml and
 * charts/karpenter/values.yaml.
 *
 * @public
 */
export const KARPENTER_RELEASES: readonly KarpenterReleaseLine[] = [
  {
    minor: '1.14',
    versions: ['1.14.0', '1.14.1'],
    kubernetes: kubernetesOf('1.14.0'),
    requirements: requirementsOf('1.14.0'),
    settings: SETTINGS_1_13,
    // 1.14 adds the alpha CapacityBuffer gate and its CRD
    featureGates: [...FEATURE_GATES_1_13, 'capacityBuffer'],
    crds: ['capacitybuffers.autoscaling.x-k8s.io', ...CRDS_1_13],
  },
  {
    minor: '1.13',
    versions: ['1.13.0', '1.13.1'],
    kubernetes: kubernetesOf('1.13.0'),
    requirements: requirementsOf('1.13.0'),
    settings: SETTINGS_1_13,
    featureGates: FEATURE_GATES_1_13,
    crds: CRDS_1_13,
  },
];

/** Every chart version of {@link KARPENTER_RELEASES}, oldest first. @public */
export const SUPPORTED_KARPENTER_VERSIONS: readonly string[] = [
  ...KARPENTER_RELEASES,
]
  .reverse()
  .flatMap(line => line.versions);

/**
 * The chart version installed unless another is asked for: the latest
 * patch of the current minor.
 *
 * @public
 */
export const DEFAULT_KARPENTER_CHART_VERSION: string =
  KARPENTER_RELEASES[0].versions[KARPENTER_RELEASES[0].versions.length - 1];

/** A Karpenter version's major, minor and patch; undefined if it is none. @public */
export function parseKarpenterVersion(
  version: string,
): [number, number, number] | undefined {
  const m = VERSION.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Orders two Karpenter versions (a `v` prefix and pre-release suffix ignored). @public */
export function compareKarpenterVersions(a: string, b: string): number {
  const [x, y] = [parseKarpenterVersion(a), parseKarpenterVersion(b)];
  if (!x || !y) throw new Error(`not a Karpenter version: ${x ? b : a}`);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The release line of a chart version in the table, if it is one. @public */
export function karpenterReleaseLine(
  version: string,
): KarpenterReleaseLine | undefined {
  return KARPENTER_RELEASES.find(line => line.versions.includes(version));
}

/** The supported range in words, e.g. `1.13.0 to 1.14.1`. @public */
export function supportedKarpenterRange(): string {
  const all = SUPPORTED_KARPENTER_VERSIONS;
  return `${all[0]} to ${all[all.length - 1]}`;
}

/**
 * The chart version rule: one of {@link SUPPORTED_KARPENTER_VERSIONS}, as
 * the chart tags spell it (no `v`). Undefined when it is; the rule broken,
 * naming the supported range, otherwise.
 *
 * @public
 */
export const validateKarpenterChartVersion: ValidationRule = Object.assign(
  karpenterChartVersionProblem,
  {
    statement: `must be a Karpenter release whose IAM policy, Kubernetes support and values this installer knows: ${supportedKarpenterRange()} (${SUPPORTED_KARPENTER_VERSIONS.join(
      ', ',
    )})`,
  },
);

function karpenterChartVersionProblem(version: string): string | undefined {
  const listed = SUPPORTED_KARPENTER_VERSIONS.join(', ');
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    return `must be a Karpenter chart version such as "${DEFAULT_KARPENTER_CHART_VERSION}", three numbers without a "v" (got "${version}"); supported: ${listed}`;
  }
  if (karpenterReleaseLine(version)) return undefined;
  const first = SUPPORTED_KARPENTER_VERSIONS[0];
  const older = compareKarpenterVersions(version, first) < 0;
  return `must be a Karpenter release whose IAM policy, Kubernetes support and values this installer knows: ${supportedKarpenterRange()} (${listed}); ${version} ${
    older
      ? `is older than the supported minors ${KARPENTER_RELEASES.map(
          l => l.minor,
        )
          .reverse()
          .join(' and ')}: upgrade to ${DEFAULT_KARPENTER_CHART_VERSION}`
      : 'is not in that table (a newer release may need IAM permissions the generated policy does not grant)'
  }`;
}

/**
 * The oldest Karpenter that supports a Kubernetes minor (`1.35`, or a
 * version such as `1.35.2` or `v1.35.2-eks-abc`); undefined for a minor the
 * compatibility matrix does not list.
 *
 * @public
 */
export function minimumKarpenterForKubernetes(
  kubernetesVersion: string,
): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion.trim());
  return m ? KARPENTER_MINIMUM_FOR_KUBERNETES[`${m[1]}.${m[2]}`] : undefined;
}

/** How an installed Karpenter compares with the cluster and the table. @public */
export interface KarpenterVersionStanding {
  /** Set when it is older than the cluster's Kubernetes version needs. */
  tooOldForKubernetes?: { kubernetesVersion: string; minimum: string };
  /** Set when it is older than the latest supported release. */
  behindLatest?: { latest: string };
}

/**
 * Judges an installed Karpenter version against the cluster's Kubernetes
 * version (the compatibility matrix) and the latest supported release.
 * An unreadable version judges nothing.
 *
 * @public
 */
export function karpenterVersionStanding(
  installed: string,
  kubernetesVersion: string | undefined,
): KarpenterVersionStanding {
  if (!parseKarpenterVersion(installed)) return {};
  const standing: KarpenterVersionStanding = {};
  const minimum = kubernetesVersion
    ? minimumKarpenterForKubernetes(kubernetesVersion)
    : undefined;
  if (
    kubernetesVersion &&
    minimum &&
    compareKarpenterVersions(installed, minimum) < 0
  ) {
    standing.tooOldForKubernetes = { kubernetesVersion, minimum };
  }
  if (
    compareKarpenterVersions(installed, DEFAULT_KARPENTER_CHART_VERSION) < 0
  ) {
    standing.behindLatest = { latest: DEFAULT_KARPENTER_CHART_VERSION };
  }
  return standing;
}

/**
 * What a chart version needs of the controller policy and the queue's
 * rules; `zonal-shift` only when `enableZonalShift`. Empty for a version
 * outside the table.
 *
 * @public
 */
export function karpenterRequirements(
  chartVersion: string,
  opts: { enableZonalShift?: boolean } = {},
): KarpenterRequirement[] {
  const line = karpenterReleaseLine(chartVersion);
  if (!line) return [];
  return line.requirements.filter(
    r => r !== 'zonal-shift' || opts.enableZonalShift === true,
  );
}

/** The name of the "Set up Karpenter" template. @public */
export const SETUP_KARPENTER_TEMPLATE_NAME = 'setup-karpenter';

/**
 * The portal path of the Set up Karpenter template with its form prefilled
 * for a cluster, at the latest supported chart version (installing or
 * upgrading Karpenter is the same template run).
 *
 * @public
 */
export function setupKarpenterTemplatePath(values: {
  cluster: string;
  region: string;
  accountId?: string;
  chartVersion?: string;
}): string {
  const formData = {
    cluster: values.cluster,
    region: values.region,
    ...(values.accountId ? { accountId: values.accountId } : {}),
    chartVersion: values.chartVersion ?? DEFAULT_KARPENTER_CHART_VERSION,
  };
  return `/create/templates/default/${SETUP_KARPENTER_TEMPLATE_NAME}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
