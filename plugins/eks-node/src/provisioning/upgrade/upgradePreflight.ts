import { Addon, Cluster, Nodegroup, Update } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  ADDON_VERSION_CHOICES,
  compareAddonVersions,
  previousKubernetesVersion,
  validateClusterName,
  validateKubernetesVersion,
  validateUpgradeTarget,
} from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { PreparedAddon } from '../addons/prepareAddon';
import { findCluster } from '../clusterLookup';
import { checkField } from '../inputRules';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  addonRunsOn,
  addonVersionsFor,
  installedAddons,
  KUBE_PROXY,
  prepareAddonVersion,
} from './addonSteps';
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
  preflightFinding,
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

/** An add-on and the version the flow moves it to. */
export interface AddonMove {
  addon: Addon;
  prepared: PreparedAddon;
}

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
  }
  throw new InputError(
    `clusterName: cluster ${clusterName} is ${cluster.status}${
      cluster.status === 'UPDATING' ? ' (another update is in progress)' : ''
    }; EKS upgrades a cluster only while it is ACTIVE: run again once it is`,
  );
}

/** Orders add-on moves by name. */
export const byAddon = (a: AddonMove, b: AddonMove) =>
  (a.addon.addonName ?? '').localeCompare(b.addon.addonName ?? '');

/**
 * The version of an add-on the target does not run that runs on both the
 * current version and the target (kube-proxy: a build for the current
 * version within the skew policy), or a finding when there is none.
 */
async function bridgeFor(
  run: ProvisioningRun,
  clusterName: string,
  addon: Addon,
  versions: { current: string; target: string; forTarget: string[] },
): Promise<AddonMove | UpgradeFinding> {
  const { current, target, forTarget } = versions;
  const name = addon.addonName ?? '';
  const forCurrent = await addonVersionsFor(run, name, current);
  const both =
    name === KUBE_PROXY
      ? forCurrent.find(v => addonRunsOn(name, v, target, forTarget))
      : forCurrent.find(v => forTarget.includes(v));
  if (!both) {
    return preflightFinding(
      'addon',
      name,
      `Add-on ${name} on Kubernetes ${target}`,
      'ERROR',
      `${name} ${addon.addonVersion} does not support Kubernetes ${target}, and no version of it supports both ${current} and ${target}.`,
      `Check ${name}'s versions for ${target} (DescribeAddonVersions); update or remove the add-on so that it can run on both, or set force to upgrade anyway and move it to ${target}'s version right after the control plane.`,
    );
  }
  return {
    addon,
    prepared: await prepareAddonVersion(
      run,
      clusterName,
      addon,
      both,
      current,
      'targetVersion',
    ),
  };
}

/**
 * Add-ons, read-only: which the target does not run (each then needs a
 * version supporting both versions, else a finding), and the target's
 * default or latest version for each, its configuration validated against
 * that version's schema.
 */
async function planAddons(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  current: string,
  bridging: boolean,
  findings: UpgradeFinding[],
): Promise<Pick<UpgradeState, 'bridges' | 'finals'>> {
  const { clusterName, targetVersion: target } = opts;
  const limit = pLimit(4);
  const bridges: AddonMove[] = [];
  const finals: AddonMove[] = [];
  const plan = async (addon: Addon) => {
    const name = addon.addonName ?? '';
    const forTarget = await addonVersionsFor(run, name, target);
    let after = addon.addonVersion ?? '';
    if (bridging && !addonRunsOn(name, after, target, forTarget)) {
      const bridge = await bridgeFor(run, clusterName, addon, {
        current,
        target,
        forTarget,
      });
      if ('prepared' in bridge) {
        bridges.push(bridge);
        after = bridge.prepared.version;
      } else {
        findings.push(bridge);
      }
    }
    if (forTarget.length === 0) {
      findings.push(
        preflightFinding(
          'addon',
          name,
          `Add-on ${name} on Kubernetes ${target}`,
          'WARNING',
          `EKS offers no version of ${name} for Kubernetes ${target}.`,
          `Keep ${name} as it is, or replace it with an add-on that supports ${target}.`,
        ),
      );
      return;
    }
    const prepared = await prepareAddonVersion(
      run,
      clusterName,
      addon,
      opts.addonVersion ?? 'default',
      target,
      'addonVersion',
    );
    if (compareAddonVersions(prepared.version, after) > 0) {
      finals.push({ addon, prepared });
    }
  };
  const addons = await installedAddons(run, clusterName);
  await Promise.all(addons.map(addon => limit(() => plan(addon))));
  return { bridges: bridges.sort(byAddon), finals: finals.sort(byAddon) };
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
    planAddons(run, opts, current, judge, addonFindings),
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
