import { installKarpenter } from '@backstage-eks/plugin-eks-node';
import {
  DEFAULT_KARPENTER_CHART_VERSION,
  eksClusterCreatePermission,
  validateClusterName,
  validateCpuQuantity,
  validateIamRoleArn,
  validateKarpenterChartVersion,
  validateNamespace,
  validateServiceAccountName,
  validateSqsQueueName,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './karpenterInstall.examples';
import { awsTags, ruleString } from './inputSchema';
import {
  adoptInput,
  EksActionOptions,
  planOutput,
  targetInput,
} from './shared';
import { createEksAction } from './createEksAction';

/** Id of the Karpenter action. @public */
export const KARPENTER_INSTALL_ACTION_ID = 'aws:eks:karpenter:install';

/** The input of `aws:eks:karpenter:install`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  ...adoptInput,
  chartVersion: (z: typeof zod) =>
    ruleString(
      z,
      validateKarpenterChartVersion,
      `Karpenter chart version (default ${DEFAULT_KARPENTER_CHART_VERSION}, the latest release). Run again with a newer one to upgrade: the controller policy that version needs first, then the chart, then its CRDs`,
    ).optional(),
  enableZonalShift: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Karpenter respects ARC zonal shifts (settings.enableZonalShift): also grants the controller arc-zonal-shift:GetManagedResource on the cluster and enables the cluster's zonal shift config (default false)",
      })
      .optional(),
  namespace: (z: typeof zod) =>
    ruleString(
      z,
      validateNamespace,
      'Namespace of the controller (default kube-system)',
    ).optional(),
  serviceAccount: (z: typeof zod) =>
    ruleString(
      z,
      validateServiceAccountName,
      'Service account of the controller (default karpenter)',
    ).optional(),
  nodeRoleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      'An existing node IAM role, in the target account (default: <cluster>-karpenter-node is created)',
    ).optional(),
  createInstanceProfile: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Also create an instance profile for the node role (Karpenter 1.x creates its own)',
      })
      .optional(),
  queueName: (z: typeof zod) =>
    ruleString(
      z,
      validateSqsQueueName,
      'Interruption queue name (default Karpenter-<cluster>, which must then fit in 80 characters)',
    ).optional(),
  createDefaultNodePool: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Apply the default EC2NodeClass and NodePool (default true)',
      })
      .optional(),
  capacityTypes: (z: typeof zod) =>
    z
      .array(z.enum(['on-demand', 'spot']), {
        description:
          'Capacity types of the default NodePool (default both); when given, at least one',
      })
      .optional(),
  architectures: (z: typeof zod) =>
    z
      .array(z.enum(['amd64', 'arm64']), {
        description:
          'CPU architectures of the default NodePool (default amd64)',
      })
      .optional(),
  cpuLimit: (z: typeof zod) =>
    ruleString(
      z,
      validateCpuQuantity,
      'vCPU limit of the default NodePool (default "100")',
    ).optional(),
  helmValues: (z: typeof zod) =>
    z
      .record(z.unknown(), {
        description:
          "Extra Helm values, merged over the computed ones; settings and feature gates must be ones the chart version has, settings.interruptionQueue is the queue's name (use queueName), zonal shift is the enableZonalShift option",
      })
      .optional(),
  tags: (z: typeof zod) =>
    awsTags(z, 'Tags for the AWS resources created').optional(),
  besideAutoMode: (z: typeof zod) =>
    z
      .boolean({
        description:
          'On a cluster that runs EKS Auto Mode, install a self-managed Karpenter beside the one Auto Mode runs. Default false: refused with an InputError, since Auto Mode already runs Karpenter-managed node pools (add a NodePool that references an Auto Mode NodeClass instead)',
      })
      .optional(),
};

/** The output of `aws:eks:karpenter:install`. */
const outputFields = {
  controllerRoleArn: (z: typeof zod) =>
    z.string({ description: 'IAM role of the Karpenter controller' }),
  nodeRoleArn: (z: typeof zod) =>
    z.string({ description: 'IAM role of Karpenter nodes' }),
  nodeRoleName: (z: typeof zod) =>
    z.string({ description: 'Name of the node role' }),
  queueName: (z: typeof zod) =>
    z.string({ description: 'Interruption queue name' }),
  queueUrl: (z: typeof zod) =>
    z.string({ description: 'Interruption queue URL' }),
  ruleNames: (z: typeof zod) =>
    z.array(z.string(), { description: 'The five EventBridge rules' }),
  chartVersion: (z: typeof zod) =>
    z.string({ description: 'Installed chart version' }),
  ...planOutput,
};

/**
 * `aws:eks:karpenter:install`: sets Karpenter up on a cluster.
 *
 * @public
 */
export function createEksKarpenterInstallAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: KARPENTER_INSTALL_ACTION_ID,
    description:
      "Sets up or upgrades Karpenter (a supported release: the current and the previous minor): the Pod Identity agent add-on, controller role (Pod Identity trust, a cluster-scoped policy generated for the chart version) and association, node role with an EC2_LINUX access entry, the interruption queue with its five EventBridge rules, karpenter.sh/discovery tags on the private subnets and the cluster security group, the cluster's zonal shift config when asked, the Helm chart (helm CLI) pinned to the system node group, the chart's CRDs (karpenter-crd chart), and a default EC2NodeClass and NodePool spread over the cluster's zones.",
    examples,
    input: inputFields,
    output: outputFields,
    permission: () => ({ permission: eksClusterCreatePermission }),
    async work(run, input, { deps }) {
      const result = await installKarpenter(
        run,
        {
          clusterName: input.clusterName,
          chartVersion: input.chartVersion,
          enableZonalShift: input.enableZonalShift,
          namespace: input.namespace,
          serviceAccount: input.serviceAccount,
          nodeRoleArn: input.nodeRoleArn,
          createInstanceProfile: input.createInstanceProfile,
          queueName: input.queueName,
          createDefaultNodePool: input.createDefaultNodePool,
          capacityTypes: input.capacityTypes,
          architectures: input.architectures,
          cpuLimit: input.cpuLimit,
          helmValues: input.helmValues as Record<string, unknown> | undefined,
          tags: input.tags,
          besideAutoMode: input.besideAutoMode,
        },
        { kubernetes: deps.kubernetesClientFactory, helm: deps.helm },
      );
      return {
        controllerRoleArn: result.controllerRoleArn,
        nodeRoleArn: result.nodeRoleArn,
        nodeRoleName: result.nodeRoleName,
        queueName: result.queueName,
        queueUrl: result.queueUrl,
        ruleNames: result.ruleNames,
        chartVersion: result.chartVersion,
      };
    },
  });
}
