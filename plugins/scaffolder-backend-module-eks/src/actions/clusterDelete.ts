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
      'Deletes an EKS cluster safely: LoadBalancer Services and Ingresses first (waiting until the load balancer controller has removed its AWS load balancers), Karpenter NodePools and nodes, add-ons, node groups, Pod Identity associations, the cluster, optionally the Karpenter queue/rules/roles; then reports anything still tagged for the cluster.',
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
                'Also delete the IAM roles and launch templates aws:eks:cluster:create made (default true)',
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
        leftovers: z =>
          z.array(
            z.object({ type: z.string(), id: z.string(), tag: z.string() }),
            { description: 'Resources still tagged for the cluster' },
          ),
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
          ctx.output('leftovers', result.leftovers);
          finishRun(ctx, run);
        },
      );
    },
  });
}
