import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  deleteCluster,
  validateDeleteClusterOptions,
} from '@backstage-eks/plugin-eks-node';
import {
  eksClusterDeletePermission,
  eksClusterEntityRef,
} from '@backstage-eks/plugin-eks-common';
import { examples } from './clusterDelete.examples';
import {
  EksActionOptions,
  finishRun,
  planOutput,
  resolveDependencies,
  runEksAction,
  targetInput,
} from './shared';

/** Id of the cluster delete action. @public */
export const CLUSTER_DELETE_ACTION_ID = 'aws:eks:cluster:delete';

/**
 * `aws:eks:cluster:delete`: deletes a cluster in a safe order and reports
 * what is left behind.
 *
 * @public
 */
export function createEksClusterDeleteAction(options: EksActionOptions) {
  const deps = resolveDependencies(options);
  return createTemplateAction({
    id: CLUSTER_DELETE_ACTION_ID,
    description:
      'Deletes an EKS cluster safely: LoadBalancer Services and Ingresses first (waiting until the load balancer controller has removed its AWS load balancers), Karpenter NodePools and nodes, add-ons, node groups, Pod Identity associations, the cluster, optionally the Karpenter queue/rules/roles and what was made with the cluster (workload Pod Identity roles are kept); ends with a report of what was deleted, what was kept and why, and what is still tagged for the cluster.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterName: z => z.string({ description: 'Name of the EKS cluster' }),
        ...targetInput,
        confirmClusterName: z =>
          z
            .string({
              description:
                'When given, must equal clusterName, or nothing is deleted and the step fails (a typed confirmation from the template form)',
            })
            .optional(),
        deleteKarpenterResources: z =>
          z
            .boolean({
              description:
                "Also delete Karpenter's interruption queue, EventBridge rules and IAM roles (default false)",
            })
            .optional(),
        karpenterQueueName: z =>
          z
            .string({
              description: 'Karpenter queue name (default Karpenter-<cluster>)',
            })
            .optional(),
        deleteCreatedResources: z =>
          z
            .boolean({
              description:
                "Also delete what was made with the cluster, when tagged for it: aws:eks:cluster:create's IAM roles and launch templates and the roles aws:eks:addon:install made for its add-ons. Roles of workloads' Pod Identity associations (aws:eks:pod-identity:create) are kept: they can be reused on other clusters (default true)",
            })
            .optional(),
      },
      output: {
        clusterDeleted: z =>
          z.boolean({
            description:
              'False when there was no cluster to delete (or a dry run)',
          }),
        deletedLoadBalancerObjects: z =>
          z.array(z.string(), {
            description: 'The Services and Ingresses deleted first',
          }),
        deleted: z =>
          z.array(z.string(), {
            description: 'What was deleted (in a dry run: would be), in order',
          }),
        kept: z =>
          z.array(z.object({ resource: z.string(), reason: z.string() }), {
            description: 'What was kept on purpose, and why',
          }),
        leftovers: z =>
          z.array(
            z.object({ type: z.string(), id: z.string(), tag: z.string() }),
            { description: 'Resources still tagged for the cluster' },
          ),
        report: z =>
          z.string({
            description:
              'The final report: what was deleted, what was kept and why, what is left behind (also in the log)',
          }),
        ...planOutput,
      },
    },
    async handler(ctx) {
      await runEksAction(
        ctx,
        deps,
        {
          actionId: CLUSTER_DELETE_ACTION_ID,
          permission: {
            permission: eksClusterDeletePermission,
            resourceRef: eksClusterEntityRef(ctx.input.clusterName),
          },
        },
        async start => {
          const input = ctx.input;
          const request = {
            clusterName: input.clusterName,
            deleteKarpenterResources: input.deleteKarpenterResources,
            karpenterQueueName: input.karpenterQueueName,
            deleteCreatedResources: input.deleteCreatedResources,
          };
          validateDeleteClusterOptions(request);
          if (
            input.confirmClusterName !== undefined &&
            input.confirmClusterName !== input.clusterName
          ) {
            throw new InputError(
              `confirmClusterName must equal clusterName: "${input.confirmClusterName}" is not "${input.clusterName}", so nothing was deleted`,
            );
          }
          deps.awsClientFactory.resolveTarget({
            region: input.region,
            accountId: input.accountId,
          });
          const run = await start(input);
          const result = await deleteCluster(run, request, {
            kubernetes: deps.kubernetesClientFactory,
          });
          ctx.output('clusterDeleted', result.clusterDeleted);
          ctx.output(
            'deletedLoadBalancerObjects',
            result.deletedLoadBalancerObjects,
          );
          ctx.output('deleted', result.deleted);
          ctx.output('kept', result.kept);
          ctx.output('leftovers', result.leftovers);
          ctx.output('report', result.report);
          finishRun(ctx, run);
        },
      );
    },
  });
}
