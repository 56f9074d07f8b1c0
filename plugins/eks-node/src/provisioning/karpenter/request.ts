import { InputError } from '@backstage/errors';
import {
  DEFAULT_KARPENTER_CHART_VERSION,
  defaultKarpenterInterruptionQueueName,
  partitionForRegion,
  validateClusterName,
  validateCpuQuantity,
  validateNamespace,
  validateServiceAccountName,
  validateSqsQueueName,
} from '@backstage-eks/plugin-eks-common';
import { checkRoleArn } from '../cluster/createClusterInput';
import { checkField, checkTags } from '../inputRules';
import {
  checkKarpenterChartVersion,
  checkKarpenterHelmValues,
} from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';

/**
 * The chart version installed unless another is asked for: the latest
 * patch of the current minor of eks-common's KARPENTER_RELEASES.
 *
 * @public
 */
export const DEFAULT_KARPENTER_VERSION = DEFAULT_KARPENTER_CHART_VERSION;

/** Input of {@link installKarpenter}. @public */
export interface InstallKarpenterOptions {
  clusterName: string;
  /** Namespace of the controller (default kube-system). */
  namespace?: string;
  /** Service account of the controller (default karpenter). */
  serviceAccount?: string;
  /**
   * Chart version (default {@link DEFAULT_KARPENTER_VERSION}), one of
   * eks-common's KARPENTER_RELEASES. Run again with a newer one to upgrade:
   * the controller policy first, then the chart, then the CRDs.
   */
  chartVersion?: string;
  /**
   * Karpenter respects the cluster's ARC zonal shifts (chart value
   * `settings.enableZonalShift`, 1.12+): the controller policy also allows
   * arc-zonal-shift:GetManagedResource on the cluster, and the cluster's
   * zonal shift config is enabled (default false).
   */
  enableZonalShift?: boolean;
  /** An existing node role; default: `<cluster>-karpenter-node` is created. */
  nodeRoleArn?: string;
  /** Also create an instance profile for the node role (Karpenter >= 0.32 manages its own). */
  createInstanceProfile?: boolean;
  /** Interruption queue name (default `Karpenter-<cluster>`). */
  queueName?: string;
  /** Apply the default EC2NodeClass and NodePool (default true). */
  createDefaultNodePool?: boolean;
  capacityTypes?: ('on-demand' | 'spot')[];
  architectures?: ('amd64' | 'arm64')[];
  cpuLimit?: string;
  /** Extra Helm values, merged over the computed ones. */
  helmValues?: Record<string, unknown>;
  tags?: Record<string, string>;
  /**
   * Install a self-managed Karpenter on a cluster that runs EKS Auto Mode,
   * beside Auto Mode's own (default false: refused, since Auto Mode already
   * runs Karpenter-managed node pools).
   */
  besideAutoMode?: boolean;
}

/** Outcome of {@link installKarpenter}. @public */
export interface InstallKarpenterResult {
  controllerRoleArn: string;
  nodeRoleArn: string;
  nodeRoleName: string;
  instanceProfileName?: string;
  queueName: string;
  queueUrl: string;
  queueArn: string;
  ruleNames: string[];
  chartVersion: string;
  namespace: string;
  helmInstalled: boolean;
  /** Whether the karpenter-crd chart was installed or upgraded by this run. */
  crdsInstalled: boolean;
}

/** Checks {@link InstallKarpenterOptions} before any call. @public */
export function validateInstallKarpenterOptions(
  opts: InstallKarpenterOptions,
  target: { accountId: string; region: string },
): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkField('namespace', opts.namespace, validateNamespace);
  checkField('serviceAccount', opts.serviceAccount, validateServiceAccountName);
  checkRoleArn('nodeRoleArn', opts.nodeRoleArn, target);
  checkKarpenterChartVersion('chartVersion', opts.chartVersion);
  checkField('queueName', opts.queueName, validateSqsQueueName);
  if (opts.queueName === undefined) {
    // SQS queue names have at most 80 characters, cluster names 100
    const queueName = defaultKarpenterInterruptionQueueName(opts.clusterName);
    if (queueName.length > 80)
      throw new InputError(
        `queueName must be given for a cluster name of ${opts.clusterName.length} characters: the default ${queueName} has ${queueName.length}, SQS allows 80`,
      );
  }
  checkKarpenterHelmValues(
    'helmValues',
    opts.chartVersion ?? DEFAULT_KARPENTER_VERSION,
    opts.helmValues,
    opts.queueName ?? defaultKarpenterInterruptionQueueName(opts.clusterName),
  );
  checkField('cpuLimit', opts.cpuLimit, validateCpuQuantity);
  if (opts.capacityTypes && opts.capacityTypes.length === 0) {
    throw new InputError('capacityTypes must list "on-demand", "spot" or both');
  }
  checkTags('tags', opts.tags);
}

/** A request with its defaults filled in and the names derived from it. */
export interface KarpenterRequest {
  opts: InstallKarpenterOptions;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  chartVersion: string;
  enableZonalShift: boolean;
  queueName: string;
  queueArn: string;
  partition: string;
  tags: Record<string, string>;
  /** `<cluster>-karpenter-controller`, the controller role this action makes. */
  controllerRoleName: string;
}

/** Fills in a request's defaults: namespace, service account, chart, queue. */
export function resolveKarpenterRequest(
  run: ProvisioningRun,
  opts: InstallKarpenterOptions,
): KarpenterRequest {
  const { clusterName } = opts;
  const partition = partitionForRegion(run.region);
  const queueName =
    opts.queueName ?? defaultKarpenterInterruptionQueueName(clusterName);
  return {
    opts,
    clusterName,
    namespace: opts.namespace ?? 'kube-system',
    serviceAccount: opts.serviceAccount ?? 'karpenter',
    chartVersion: opts.chartVersion ?? DEFAULT_KARPENTER_VERSION,
    enableZonalShift: opts.enableZonalShift ?? false,
    queueName,
    queueArn: `arn:${partition}:sqs:${run.region}:${run.accountId}:${queueName}`,
    partition,
    tags: resourceTags(clusterName, opts.tags),
    controllerRoleName: `${clusterName}-karpenter-controller`.slice(0, 64),
  };
}
