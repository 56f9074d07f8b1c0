import { deleteCluster } from '@backstage-eks/plugin-eks-node';
import {
  eksClusterDeletePermission,
  eksClusterEntityRef,
  validateClusterName,
  validateSqsQueueName,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './clusterDelete.examples';
import { ruleString } from './inputSchema';
import { EksActionOptions, planOutput, targetInput } from './shared';
import { createEksAction } from './createEksAction';

/** Id of the cluster delete action. @public */
export const CLUSTER_DELETE_ACTION_ID = 'aws:eks:cluster:delete';

/** The input of `aws:eks:cluster:delete`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  confirmClusterName: (z: typeof zod) =>
    z
      .string({
        description:
          'When given, must equal clusterName, or nothing is deleted and the step fails (a typed confirmation from the template form). Required for a cluster with deletion protection: once it matches, the protection is turned off (UpdateClusterConfig deletionProtection false) and the report says so',
      })
      .optional(),
  deleteKarpenterResources: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Also delete Karpenter's interruption queue, EventBridge rules and IAM roles (default false)",
      })
      .optional(),
  karpenterQueueName: (z: typeof zod) =>
    ruleString(
      z,
      validateSqsQueueName,
      'Karpenter queue name (default Karpenter-<cluster>)',
    ).optional(),
  deleteCreatedResources: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Also delete what was made with the cluster, when tagged for it: aws:eks:cluster:create's IAM roles and launch templates and the roles aws:eks:addon:install made for its add-ons. Roles of workloads' Pod Identity associations (aws:eks:pod-identity:create) are kept: they can be reused on other clusters (default true)",
      })
      .optional(),
};

/** The output of `aws:eks:cluster:delete`. */
const outputFields = {
  clusterDeleted: (z: typeof zod) =>
    z.boolean({
      description: 'False when there was no cluster to delete (or a dry run)',
    }),
  deletionProtectionTurnedOff: (z: typeof zod) =>
    z.boolean({
      description:
        "True when the cluster's deletion protection was turned off (in a dry run: would be) after the typed confirmation matched its name",
    }),
  deletedLoadBalancerObjects: (z: typeof zod) =>
    z.array(z.string(), {
      description:
        'The LoadBalancer Services, Ingresses and Gateway API Gateways deleted first',
    }),
  deleted: (z: typeof zod) =>
    z.array(z.string(), {
      description: 'What was deleted (in a dry run: would be), in order',
    }),
  kept: (z: typeof zod) =>
    z.array(z.object({ resource: z.string(), reason: z.string() }), {
      description: 'What was kept on purpose, and why',
    }),
  leftovers: (z: typeof zod) =>
    z.array(z.object({ type: z.string(), id: z.string(), tag: z.string() }), {
      description: 'Resources still tagged for the cluster',
    }),
  report: (z: typeof zod) =>
    z.string({
      description:
        'The final report: what was deleted, what was kept and why, what is left behind (also in the log)',
    }),
  ...planOutput,
};

/**
 * `aws:eks:cluster:delete`: deletes a cluster in a safe order and reports
 * what is left behind.
 *
 * @public
 */
export function createEksClusterDeleteAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: CLUSTER_DELETE_ACTION_ID,
    description:
      'Deletes an EKS cluster safely: LoadBalancer Services, Ingresses and Gateway API Gateways first (waiting until the load balancer controller has removed its AWS load balancers), Karpenter NodePools and nodes, add-ons, node groups, Pod Identity associations, the cluster (its deletion protection turned off first, only when confirmClusterName matched), optionally the Karpenter queue/rules/roles and what was made with the cluster (workload Pod Identity roles are kept); ends with a report of what was deleted, what was kept and why, and what is still tagged for the cluster.',
    examples,
    input: inputFields,
    output: outputFields,
    permission: input => ({
      permission: eksClusterDeletePermission,
      resourceRef: eksClusterEntityRef(input.clusterName),
    }),
    async work(run, input, { deps }) {
      const result = await deleteCluster(
        run,
        {
          clusterName: input.clusterName,
          confirmClusterName: input.confirmClusterName,
          deleteKarpenterResources: input.deleteKarpenterResources,
          karpenterQueueName: input.karpenterQueueName,
          deleteCreatedResources: input.deleteCreatedResources,
        },
        { kubernetes: deps.kubernetesClientFactory },
      );
      return {
        clusterDeleted: result.clusterDeleted,
        deletionProtectionTurnedOff: result.deletionProtectionTurnedOff,
        deletedLoadBalancerObjects: result.deletedLoadBalancerObjects,
        deleted: result.deleted,
        kept: result.kept,
        leftovers: result.leftovers,
        report: result.report,
      };
    },
  });
}
