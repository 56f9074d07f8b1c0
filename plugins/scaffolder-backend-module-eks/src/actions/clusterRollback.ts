import { rollbackCluster } from '@backstage-eks/plugin-eks-node';
import {
  CLUSTER_ROLLBACK_WINDOW_DAYS,
  eksClusterEntityRef,
  eksClusterUpgradePermission,
  validateClusterName,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './clusterRollback.examples';
import { ruleString, wholeNumber } from './inputSchema';
import { EksActionOptions, planOutput, targetInput } from './shared';
import { createEksAction } from './createEksAction';
import { upgradeReportOutput } from './upgradeOutputs';

/** Id of the cluster rollback action. @public */
export const CLUSTER_ROLLBACK_ACTION_ID = 'aws:eks:cluster:rollback';

/** The input of `aws:eks:cluster:rollback`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  force: (z: typeof zod) =>
    z
      .boolean({
        description: `Roll back even though EKS's ROLLBACK_READINESS insights have ERROR status (UpdateClusterVersion's force). It does not override what EKS always refuses: a rollback more than ${CLUSTER_ROLLBACK_WINDOW_DAYS} days after the upgrade completed, of a cluster created at its version, by more than one minor version, or while another update runs. Default false: the rollback stops before any change, naming each finding and its fix`,
      })
      .optional(),
  timeoutMinutes: (z: typeof zod) =>
    wholeNumber(
      z,
      120,
      10080,
      "How long EKS may take to roll the control plane back (UpdateClusterVersion's rollbackConfig.timeoutMinutes). Default EKS's 720",
    ).optional(),
};

/** The output of `aws:eks:cluster:rollback`. */
const outputFields = {
  ...upgradeReportOutput,
  rollbackPlan: (z: typeof zod) =>
    z.array(z.string(), {
      description:
        'The plan, line by line: the preflight, the rollback window and each step in order (what a dry run shows, and the run logs before acting)',
    }),
  windowClosesAt: (z: typeof zod) =>
    z
      .string({
        description: `When the rollback window of the last upgrade closes (closed), ${CLUSTER_ROLLBACK_WINDOW_DAYS} days after it completed (ISO 8601)`,
      })
      .optional(),
  ...planOutput,
};

/**
 * `aws:eks:cluster:rollback`: rolls a cluster back to the Kubernetes
 * version it was upgraded from, within EKS's rollback window.
 *
 * @public
 */
export function createEksClusterRollbackAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: CLUSTER_ROLLBACK_ACTION_ID,
    description: `Rolls an EKS cluster back to the Kubernetes minor version it was upgraded from, within ${CLUSTER_ROLLBACK_WINDOW_DAYS} days of the upgrade: a preflight (EKS's rollback-readiness insights refreshed, the window, Karpenter; any blocking finding stops the run before a change unless force), then the managed node groups back to the previous version, the add-ons that version does not support, and the control plane (UpdateClusterVersion with rollbackConfig, waiting for the update); ends with a report of what changed, how long each step took and what still lags. A dry run shows the plan and the window.`,
    examples,
    input: inputFields,
    output: outputFields,
    permission: input => ({
      permission: eksClusterUpgradePermission,
      resourceRef: eksClusterEntityRef(input.clusterName),
    }),
    async work(run, input, { deps }) {
      const result = await rollbackCluster(
        run,
        {
          clusterName: input.clusterName,
          force: input.force,
          timeoutMinutes: input.timeoutMinutes,
        },
        { kubernetes: deps.kubernetesClientFactory },
      );
      return {
        fromVersion: result.fromVersion,
        toVersion: result.toVersion,
        updateId: result.updateId,
        windowClosesAt: result.windowClosesAt,
        rollbackPlan: result.plan,
        steps: result.steps,
        addons: result.addons,
        nodegroups: result.nodegroups,
        lagging: result.lagging,
        findings: result.findings,
      };
    },
  });
}
