import { upgradeCluster } from '@backstage-eks/plugin-eks-node';
import {
  ADDON_VERSION_CHOICES,
  eksClusterEntityRef,
  eksClusterUpgradePermission,
  validateClusterName,
  validateKubernetesVersion,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './clusterUpgrade.examples';
import { ruleString } from './inputSchema';
import { EksActionOptions, planOutput, targetInput } from './shared';
import { createEksAction } from './createEksAction';
import { upgradeReportOutput } from './upgradeOutputs';

/** Id of the cluster upgrade action. @public */
export const CLUSTER_UPGRADE_ACTION_ID = 'aws:eks:cluster:upgrade';

/** The input of `aws:eks:cluster:upgrade`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  targetVersion: (z: typeof zod) =>
    ruleString(
      z,
      validateKubernetesVersion,
      "The Kubernetes version to upgrade to: the next minor version after the cluster's (EKS upgrades one minor version at a time; run the action again for the next one), checked against the cluster's version before any change",
    ),
  force: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Upgrade even though the preflight found blocking problems: EKS's UPGRADE_READINESS insights with ERROR status (UpdateClusterVersion's force), add-on versions without one for the target, Karpenter outside its supported Kubernetes range, PodDisruptionBudgets that block draining. It does not override EKS's own refusals (one minor version at a time, node groups on the cluster's version). Default false: the upgrade stops before any change, naming each finding and its fix",
      })
      .optional(),
  addonVersion: (z: typeof zod) =>
    z
      .enum(ADDON_VERSION_CHOICES, {
        description:
          "The version each add-on is moved to on the target Kubernetes version: 'default' (the one EKS marks default for it) or 'latest'. Default 'default'",
      })
      .optional(),
  upgradeNodegroups: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Upgrade the managed node groups to the target version after the control plane (UpdateNodegroupVersion, respecting each node group's updateConfig). Default true",
      })
      .optional(),
  waitForKarpenterDrift: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Wait until Karpenter's drift has replaced the nodes it launched on the older version (its EC2NodeClass AMI selector picks up the new version's AMI). Default true",
      })
      .optional(),
};

/** The output of `aws:eks:cluster:upgrade`. */
const outputFields = {
  ...upgradeReportOutput,
  upgradePlan: (z: typeof zod) =>
    z.array(z.string(), {
      description:
        'The plan, line by line: the preflight and each step in order (what a dry run shows, and the run logs before acting)',
    }),
  karpenterNodes: (z: typeof zod) =>
    z
      .object(
        { replaced: z.number(), remaining: z.number() },
        {
          description:
            "Karpenter's nodes: replaced through drift, and still on the older version",
        },
      )
      .optional(),
  alreadyAtTarget: (z: typeof zod) =>
    z.boolean({
      description:
        'True when the cluster already ran the target version when the run began (a re-run)',
    }),
  ...planOutput,
};

/**
 * `aws:eks:cluster:upgrade`: upgrades a cluster one Kubernetes minor
 * version: preflight, add-ons, control plane, node groups and Karpenter
 * nodes, in order.
 *
 * @public
 */
export function createEksClusterUpgradeAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: CLUSTER_UPGRADE_ACTION_ID,
    description:
      "Upgrades an EKS cluster to the next Kubernetes minor version: a preflight (EKS's upgrade insights refreshed, add-on versions for the target, Karpenter's supported range, node and kube-proxy skew, PodDisruptionBudgets that block draining; any blocking finding stops the run before a change unless force), then the add-ons the target does not support, the control plane (UpdateClusterVersion, waiting for the update), the add-ons to the target's default or latest version with their configuration kept, the managed node groups and Karpenter's nodes through drift; ends with a report of what changed, how long each step took and what still lags. A dry run shows the plan.",
    examples,
    input: inputFields,
    output: outputFields,
    permission: input => ({
      permission: eksClusterUpgradePermission,
      resourceRef: eksClusterEntityRef(input.clusterName),
    }),
    async work(run, input, { deps }) {
      const result = await upgradeCluster(
        run,
        {
          clusterName: input.clusterName,
          targetVersion: input.targetVersion,
          force: input.force,
          addonVersion: input.addonVersion,
          upgradeNodegroups: input.upgradeNodegroups,
          waitForKarpenterDrift: input.waitForKarpenterDrift,
        },
        { kubernetes: deps.kubernetesClientFactory },
      );
      return {
        fromVersion: result.fromVersion,
        toVersion: result.toVersion,
        updateId: result.updateId,
        upgradePlan: result.plan,
        steps: result.steps,
        addons: result.addons,
        nodegroups: result.nodegroups,
        karpenterNodes: result.karpenterNodes,
        lagging: result.lagging,
        findings: result.findings,
        alreadyAtTarget: result.alreadyAtTarget,
      };
    },
  });
}
