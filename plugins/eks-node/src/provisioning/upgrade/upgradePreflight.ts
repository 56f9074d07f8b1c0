import { Cluster, Nodegroup, Update } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  ADDON_VERSION_CHOICES,
  previousKubernetesVersion,
  validateClusterName,
  validateKubernetesVersion,
  validateUpgradeTarget,
} from '@backstage-eks/plugin-eks-common';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { findCluster } from '../clusterLookup';
import { checkField } from '../inputRules';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import { AddonMove, planAddonMoves } from './addonPlan';
import { KUBE_PROXY } from './addonSteps';
import {
  ClusterNode,
  clusterNodes,
  installedKarpenterVersion,
  isNodeClaimNode,
} from './clusterNodes';
import { inProgressVersionUpdate } from './eksUpdates';
import {
  addonUnfixable,
  budgetFindings,
  judgeInsights,
  nodegroupAmiFindings,
  stopOnBlockingFindings,
} from './findings';
import { managedNodegroups } from './nodegroupSteps';
import { readinessInsights, refreshInsights } from './readinessInsights';
import {
  behindFindings,
  karpenterFindings,
  unmanagedNodeFindings,
} from './upgradeFindings';
import type {
  ClusterUpgradePlan,
  UpgradeClusterOptions,
  UpgradeDependencies,
  UpgradeFinding,
} from './types';
import { upgradePlanLines } from './upgradePlan';

/** What the preflight found and decided, for the steps after it. */
export interface UpgradeState extends ClusterUpgradePlan {
  cluster: Cluster;
  k8s: KubernetesClients;
  /** A version update to the target EKS already runs (a resumed task). */
  running?: Update;
  /** Add-ons to move before the control plane, to a version supporting both. */
  bridges: AddonMove[];
  /** Add-ons to move after the control plane, to the target's default/latest. */
  finals: AddonMove[];
  /** Node groups behind the cluster's current version: brought to it first. */
  behind: Nodegroup[];
  /** Node groups to move to the target after the control plane. */
  toTarget: Nodegroup[];
  nodes: ClusterNode[];
}

function validateUpgradeOptions(opts: UpgradeClusterOptions): void {
  if (!opts || typeof opts !== 'object') {
    throw new InputError('the upgrade needs clusterName and targetVersion');
  }
  checkField('clusterName', opts.clusterName ?? '', validateClusterName);
  checkField(
    'targetVersion',
    opts.targetVersion ?? '',
    validateKubernetesVersion,
  );
  if (
    opts.addonVersion !== undefined &&
    !(ADDON_VERSION_CHOICES as readonly string[]).includes(opts.addonVersion)
  ) {
    throw new InputError(
      `addonVersion must be one of ${ADDON_VERSION_CHOICES.join(', ')} (got "${
        opts.addonVersion
      }")`,
    );
  }
  for (const field of [
    'force',
    'upgradeNodegroups',
    'waitForKarpenterDrift',
  ] as const) {
    if (opts[field] !== undefined && typeof opts[field] !== 'boolean') {
      throw new InputError(`${field} must be true or false`);
    }
  }
}

/** The cluster, ready for an upgrade to the target (or already at it). */
async function upgradableCluster(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  readAgain = true,
): Promise<{ cluster: Cluster; running?: Update; atTarget: boolean }> {
  const { clusterName, targetVersion } = opts;
  const cluster = await findCluster(run, clusterName);
  if (!cluster) {
    throw new InputError(
      `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
    );
  }
  const current = cluster.version ?? '';
  const atTarget = current === targetVersion;
  if (!atTarget) {
    const problem = validateUpgradeTarget(current, targetVersion);
    if (problem) throw new InputError(`targetVersion ${problem}`);
  }
  if (cluster.status === 'ACTIVE') return { cluster, atTarget };
  if (cluster.status === 'UPDATING' && !atTarget) {
    const running = await inProgressVersionUpdate(
      run,
      { clusterName },
      targetVersion,
    );
    if (running) return { cluster, running, atTarget };
    // the update that made it UPDATING may have ended between the two
    // reads (a resumed upgrade's own, Successful when listed): read again, once
    if (readAgain) return upgradableCluster(run, opts, false);
  }
  throw new InputError(
    `clusterName: cluster ${clusterName} is ${cluster.status}${
      cluster.status === 'UPDATING' ? ' (another update is in progress)' : ''
    }; EKS upgrades a cluster only while it is ACTIVE: run again once it is`,
  );
}

/** What the preflight reads, all at once. */
async function readCluster(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  deps: UpgradeDependencies,
) {
  const { clusterName, targetVersion: target } = opts;
  const { cluster, running, atTarget } = await upgradableCluster(run, opts);
  const judge = !atTarget && !running;
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  const current = atTarget
    ? previousKubernetesVersion(target) ?? target
    : cluster.version ?? '';
  const addonFindings: UpgradeFinding[] = [];
  // the other reads do not depend on the refresh: they run while it does
  const [insights, addons, nodegroups, nodes, karpenter] = await Promise.all([
    judge
      ? refreshInsights(run, clusterName, `upgrade to ${target}`).then(() =>
          readinessInsights(run, clusterName, 'UPGRADE_READINESS', target),
        )
      : Promise.resolve([]),
    planAddonMoves(
      run,
      {
        clusterName,
        direction: 'upgrade',
        from: current,
        to: target,
        bridging: judge,
        addonVersion: opts.addonVersion,
        fields: { before: 'targetVersion', after: 'addonVersion' },
      },
      addonFindings,
    ).then(({ before, after }) => ({ bridges: before, finals: after })),
    managedNodegroups(run, clusterName),
    clusterNodes(run, k8s),
    installedKarpenterVersion(run, k8s),
  ]);
  return {
    cluster,
    running,
    atTarget,
    judge,
    k8s,
    insights,
    addons,
    addonFindings,
    nodegroups,
    nodes,
    karpenter,
  };
}

/**
 * The preflight (read-only but for the insights refresh): the cluster
 * (ACTIVE, the target one minor up), its UPGRADE_READINESS insights for
 * the target (refreshed first, except in a dry run), the add-ons'
 * versions and configuration for the target, Karpenter's support of the
 * target, the node groups' versions and AMI types, the nodes' kubelets and
 * the PodDisruptionBudgets that would block draining. Findings the upgrade
 * does not fix itself stop it with an InputError naming each and its fix,
 * unless `force`. Returns the plan with what the steps need.
 */
export async function preflightUpgrade(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  deps: UpgradeDependencies,
): Promise<UpgradeState> {
  validateUpgradeOptions(opts);
  const { clusterName, targetVersion: target } = opts;
  const upgradeNodegroups = opts.upgradeNodegroups !== false;
  const read = await readCluster(run, opts, deps);
  const current = read.cluster.version ?? '';
  // EKS upgrades the control plane only when every managed node group runs its version
  const behind = read.atTarget
    ? []
    : read.nodegroups.filter(
        ng => ng.version !== current && ng.version !== target,
      );
  const toTarget = upgradeNodegroups
    ? read.nodegroups.filter(ng => ng.version !== target)
    : [];
  const always = behindFindings(behind, current, upgradeNodegroups);
  const drainedGroups = new Set(
    [...toTarget, ...behind].map(ng => ng.nodegroupName),
  );
  const findings = [
    ...read.addonFindings,
    ...nodegroupAmiFindings(toTarget, target),
    ...(read.judge ? karpenterFindings(read.karpenter, target) : []),
    ...(await budgetFindings(
      run,
      read.k8s,
      read.nodes,
      n =>
        (n.owner === 'nodegroup' && drainedGroups.has(n.group)) ||
        (isNodeClaimNode(n) && n.kubeletMinor !== target),
      'upgrade',
      read.judge ? 'ERROR' : 'WARNING',
    )),
    ...unmanagedNodeFindings(read.nodes, target),
  ];
  const judged = judgeInsights(read.insights, {
    addons: !addonUnfixable(findings),
    kubeProxy: read.addons.bridges.some(b => b.addon.addonName === KUBE_PROXY),
    nodegroupArns: new Set(
      behind.map(ng => ng.nodegroupArn ?? '').filter(Boolean),
    ),
  });
  stopOnBlockingFindings(
    run,
    'targetVersion',
    `upgrade of cluster ${clusterName} to Kubernetes ${target}`,
    [...judged.blocking, ...findings.filter(f => f.status === 'ERROR')],
    always,
    opts.force === true,
  );
  const state: UpgradeState = {
    clusterName,
    fromVersion: current,
    toVersion: target,
    alreadyAtTarget: read.atTarget,
    findings: [...always, ...judged.findings, ...findings],
    plan: [],
    cluster: read.cluster,
    k8s: read.k8s,
    running: read.running,
    ...read.addons,
    behind,
    toTarget,
    nodes: read.nodes,
  };
  state.plan = upgradePlanLines(state, opts);
  return state;
}
