import { Cluster, Nodegroup, Update } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  CLUSTER_ROLLBACK_WINDOW_DAYS,
  compareKubernetesVersions,
  previousKubernetesVersion,
  rollbackWindowOf,
  RollbackWindow,
  validateClusterName,
} from '@backstage-eks/plugin-eks-common';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { findCluster } from '../clusterLookup';
import { checkField, checkInteger } from '../inputRules';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import { AddonMove, planAddonMoves } from './addonPlan';
import { KUBE_PROXY } from './addonSteps';
import {
  ClusterNode,
  clusterNodes,
  installedKarpenterVersion,
} from './clusterNodes';
import { listUpdates, updateParam } from './eksUpdates';
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
  checkSupportPolicy,
  karpenterRollbackFindings,
} from './rollbackFindings';
import { rollbackPlanLines } from './rollbackPlan';
import type {
  ClusterRollbackPlan,
  RollbackClusterOptions,
  UpgradeDependencies,
  UpgradeFinding,
} from './types';

/** What the rollback's preflight found and decided, for the steps after it. */
export interface RollbackState extends ClusterRollbackPlan {
  cluster: Cluster;
  k8s: KubernetesClients;
  /** The rollback EKS already runs (a resumed task waits for it). */
  running?: Update;
  /** The cluster already went back (a resumed or repeated run). */
  done?: Update;
  /** Add-ons moved to a version running on both, before the control plane. */
  addonMoves: AddonMove[];
  /**
   * kube-proxy, built per minor: EKS offers a build of the previous version
   * only once the control plane runs it, so it follows the control plane
   * (the skew policy lets a newer kube-proxy run for the while).
   */
  addonsAfter: AddonMove[];
  nodegroups: Nodegroup[];
  nodes: ClusterNode[];
}

function validateRollbackOptions(opts: RollbackClusterOptions): void {
  if (!opts || typeof opts !== 'object') {
    throw new InputError('the rollback needs clusterName');
  }
  checkField('clusterName', opts.clusterName ?? '', validateClusterName);
  checkInteger('timeoutMinutes', opts.timeoutMinutes, 120, 10080);
  if (opts.force !== undefined && typeof opts.force !== 'boolean') {
    throw new InputError('force must be true or false');
  }
}

const isVersionChange = (u: Update) =>
  (u.type === 'VersionUpdate' || u.type === 'VersionRollback') &&
  updateParam(u, 'Version') !== undefined;

/**
 * The cluster and where it stands: a rollback running or done, or the
 * rollback window of its latest in-place upgrade (open, else an
 * InputError naming when it closed).
 */
async function rollbackableCluster(
  run: ProvisioningRun,
  clusterName: string,
  readAgain = true,
): Promise<{
  cluster: Cluster;
  running?: Update;
  done?: Update;
  window?: RollbackWindow;
}> {
  const cluster = await findCluster(run, clusterName);
  if (!cluster) {
    throw new InputError(
      `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
    );
  }
  const current = cluster.version ?? '';
  const updates = (await listUpdates(run, { clusterName })).filter(
    isVersionChange,
  );
  const running = updates.find(
    u => u.type === 'VersionRollback' && u.status === 'InProgress',
  );
  if (running) return { cluster, running };
  const latest = updates.find(u => u.status === 'Successful');
  if (
    latest?.type === 'VersionRollback' &&
    updateParam(latest, 'Version') === current
  ) {
    return { cluster, done: latest };
  }
  if (cluster.status !== 'ACTIVE') {
    // a change that ended between the cluster's read and the updates' (a
    // resumed rollback's own, listed Successful while the cluster read
    // UPDATING at the old version): read both again, once
    if (readAgain) return rollbackableCluster(run, clusterName, false);
    throw new InputError(
      `clusterName: cluster ${clusterName} is ${cluster.status}; EKS rolls a cluster back only while it is ACTIVE with no update in progress: run again once it is`,
    );
  }
  const upgrade =
    latest?.type === 'VersionUpdate' &&
    updateParam(latest, 'Version') === current
      ? latest
      : undefined;
  const window = upgrade && rollbackWindowOf(upgrade, new Date());
  if (!upgrade || !window) {
    throw new InputError(
      `clusterName: cluster ${clusterName} cannot be rolled back: EKS rolls back only a cluster upgraded in place to its current version (${current}), and it has no successful upgrade to ${current} (created at it, or rolled back already)`,
    );
  }
  if (!window.open) {
    throw new InputError(
      `clusterName: cluster ${clusterName} cannot be rolled back: the rollback window closed at ${window.closesAt.toISOString()}, ${CLUSTER_ROLLBACK_WINDOW_DAYS} days after the upgrade to ${current} (update ${
        upgrade.id
      }, ${window.since.toISOString()}); upgrade forward instead`,
    );
  }
  return { cluster, window };
}

/** Where the cluster stands and the versions the rollback goes between. */
function rollbackVersions(
  cluster: Cluster,
  running: Update | undefined,
  done: Update | undefined,
): { fromVersion: string; target: string } {
  const current = cluster.version ?? '';
  // already rolled back: the run began at the version it went back to
  if (done) return { fromVersion: current, target: current };
  const target = running
    ? updateParam(running, 'Version') ?? ''
    : previousKubernetesVersion(current) ?? '';
  return { fromVersion: current, target };
}

/** What the rollback's preflight reads, all at once. */
async function readForRollback(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
) {
  const { clusterName } = opts;
  const where = await rollbackableCluster(run, clusterName);
  const { cluster, running, done } = where;
  const { fromVersion, target } = rollbackVersions(cluster, running, done);
  if (!done && !running) await checkSupportPolicy(run, cluster, target);
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  const judge = !done && !running;
  const addonFindings: UpgradeFinding[] = [];
  // the other reads do not depend on the refresh: they run while it does
  const [insights, addons, nodegroups, nodes, karpenter] = await Promise.all([
    judge
      ? refreshInsights(run, clusterName, `rollback to ${target}`).then(() =>
          readinessInsights(run, clusterName, 'ROLLBACK_READINESS', target),
        )
      : Promise.resolve([]),
    planAddonMoves(
      run,
      {
        clusterName,
        direction: 'rollback',
        from: fromVersion,
        to: target,
        bridging: !done,
        fields: { before: 'clusterName', after: 'clusterName' },
      },
      addonFindings,
    ).then(({ before, after }) => ({ addonMoves: before, addonsAfter: after })),
    managedNodegroups(run, clusterName),
    clusterNodes(run, k8s),
    installedKarpenterVersion(run, k8s),
  ]);
  return {
    ...where,
    fromVersion,
    target,
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
 * The rollback's preflight: the window, the ROLLBACK_READINESS insights
 * (refreshed), add-ons, Karpenter, node groups and PodDisruptionBudgets.
 * Findings the rollback does not fix itself stop it with an InputError,
 * unless `force`.
 */
export async function preflightRollback(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
): Promise<RollbackState> {
  validateRollbackOptions(opts);
  const { clusterName } = opts;
  const read = await readForRollback(run, opts, deps);
  const { target } = read;
  const toRollBack = read.nodegroups.filter(
    ng => compareKubernetesVersions(ng.version ?? '', target) > 0,
  );
  const drainedGroups = new Set(toRollBack.map(ng => ng.nodegroupName));
  const findings = read.judge
    ? [
        ...read.addonFindings,
        ...nodegroupAmiFindings(toRollBack, target),
        ...karpenterRollbackFindings(read.karpenter, target),
        ...(await budgetFindings(
          run,
          read.k8s,
          read.nodes,
          n => n.owner === 'nodegroup' && drainedGroups.has(n.group),
          'rollback',
        )),
      ]
    : [];
  const judged = judgeInsights(read.insights, {
    addons: !addonUnfixable(findings),
    kubeProxy: read.addons.addonsAfter.some(
      m => m.addon.addonName === KUBE_PROXY,
    ),
    nodegroupArns: new Set(
      toRollBack.map(ng => ng.nodegroupArn ?? '').filter(Boolean),
    ),
  });
  stopOnBlockingFindings(
    run,
    'clusterName',
    `rollback of cluster ${clusterName} to Kubernetes ${target}`,
    [...judged.blocking, ...findings.filter(f => f.status === 'ERROR')],
    [],
    opts.force === true,
  );
  const state: RollbackState = {
    clusterName,
    fromVersion: read.fromVersion,
    toVersion: target,
    windowClosesAt: read.window?.closesAt.toISOString(),
    findings: [...judged.findings, ...findings],
    plan: [],
    cluster: read.cluster,
    k8s: read.k8s,
    running: read.running,
    done: read.done,
    ...read.addons,
    nodegroups: toRollBack,
    nodes: read.nodes,
  };
  state.plan = rollbackPlanLines(state, opts);
  return state;
}
