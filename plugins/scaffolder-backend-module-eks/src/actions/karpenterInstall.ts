import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  installKarpenter,
  validateInstallKarpenterOptions,
} from '@backstage-eks/plugin-eks-node';
import { eksClusterCreatePermission } from '@backstage-eks/plugin-eks-common';
import { examples } from './karpenterInstall.examples';
import {
  adoptInput,
  EksActionOptions,
  finishRun,
  planOutput,
  resolveDependencies,
  runEksAction,
  targetInput,
} from './shared';

/** Id of the Karpenter action. @public */
export const KARPENTER_INSTALL_ACTION_ID = 'aws:eks:karpenter:install';

/**
 * `aws:eks:karpenter:install`: sets Karpenter up on a cluster.
 *
 * @public
 */
export function createEksKarpenterInstallAction(options: EksActionOptions) {
  const deps = resolveDependencies(options);
  return createTemplateAction({
    id: KARPENTER_INSTALL_ACTION_ID,
    description:
      "Sets up Karpenter: the Pod Identity agent add-on, controller role (Pod Identity trust, cluster-scoped policy) and association, node role with an EC2_LINUX access entry, the interruption queue with its five EventBridge rules, karpenter.sh/discovery tags, the Helm chart (helm CLI), and a default EC2NodeClass and NodePool spread over the cluster's zones.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterName: z => z.string({ description: 'Name of the EKS cluster' }),
        ...targetInput,
        ...adoptInput,
        chartVersion: z =>
          z
            .string({ description: 'Karpenter chart version (default 1.8.1)' })
            .optional(),
        namespace: z =>
          z
            .string({
              description: 'Namespace of the controller (default kube-system)',
            })
            .optional(),
        serviceAccount: z =>
          z
            .string({
              description:
                'Service account of the controller (default karpenter)',
            })
            .optional(),
        nodeRoleArn: z =>
          z
            .string({
              description:
                'An existing node IAM role (default: <cluster>-karpenter-node is created)',
            })
            .optional(),
        createInstanceProfile: z =>
          z
            .boolean({
              description:
                'Also create an instance profile for the node role (Karpenter 1.x creates its own)',
            })
            .optional(),
        queueName: z =>
          z
            .string({
              description:
                'Interruption queue name (default Karpenter-<cluster>)',
            })
            .optional(),
        createDefaultNodePool: z =>
          z
            .boolean({
              description:
                'Apply the default EC2NodeClass and NodePool (default true)',
            })
            .optional(),
        capacityTypes: z =>
          z
            .array(z.enum(['on-demand', 'spot']), {
              description:
                'Capacity types of the default NodePool (default both)',
            })
            .optional(),
        architectures: z =>
          z
            .array(z.enum(['amd64', 'arm64']), {
              description:
                'CPU architectures of the default NodePool (default amd64)',
            })
            .optional(),
        cpuLimit: z =>
          z
            .string({
              description: 'vCPU limit of the default NodePool (default "100")',
            })
            .optional(),
        helmValues: z =>
          z
            .record(z.unknown(), {
              description: 'Extra Helm values, merged over the computed ones',
            })
            .optional(),
        tags: z =>
          z
            .record(z.string(), {
              description: 'Tags for the AWS resources created',
            })
            .optional(),
        besideAutoMode: z =>
          z
            .boolean({
              description:
                'On a cluster that runs EKS Auto Mode, install a self-managed Karpenter beside the one Auto Mode runs. Default false: refused with an InputError, since Auto Mode already runs Karpenter-managed node pools (add a NodePool that references an Auto Mode NodeClass instead)',
            })
            .optional(),
      },
      output: {
        controllerRoleArn: z =>
          z.string({ description: 'IAM role of the Karpenter controller' }),
        nodeRoleArn: z =>
          z.string({ description: 'IAM role of Karpenter nodes' }),
        nodeRoleName: z => z.string({ description: 'Name of the node role' }),
        queueName: z => z.string({ description: 'Interruption queue name' }),
        queueUrl: z => z.string({ description: 'Interruption queue URL' }),
        ruleNames: z =>
          z.array(z.string(), { description: 'The five EventBridge rules' }),
        chartVersion: z => z.string({ description: 'Installed chart version' }),
        ...planOutput,
      },
    },
    async handler(ctx) {
      await runEksAction(
        ctx,
        deps,
        {
          actionId: KARPENTER_INSTALL_ACTION_ID,
          permission: { permission: eksClusterCreatePermission },
        },
        async start => {
          const input = ctx.input;
          const target = deps.awsClientFactory.resolveTarget({
            region: input.region,
            accountId: input.accountId,
          });
          const request = {
            clusterName: input.clusterName,
            chartVersion: input.chartVersion,
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
          };
          validateInstallKarpenterOptions(request, target);
          const run = await start(input);
          const result = await installKarpenter(run, request, {
            kubernetes: deps.kubernetesClientFactory,
            helm: deps.helm,
          });
          ctx.output('controllerRoleArn', result.controllerRoleArn);
          ctx.output('nodeRoleArn', result.nodeRoleArn);
          ctx.output('nodeRoleName', result.nodeRoleName);
          ctx.output('queueName', result.queueName);
          ctx.output('queueUrl', result.queueUrl);
          ctx.output('ruleNames', result.ruleNames);
          ctx.output('chartVersion', result.chartVersion);
          finishRun(ctx, run);
        },
      );
    },
  });
}
