import { UpdateClusterVersionCommand } from '@aws-sdk/client-eks';
import pLimit from 'p-limit';
import { ProvisioningRun } from '../ProvisioningRun';
import { updateAddonVersion } from './addonSteps';
import { clusterNodes, isNodeClaimNode, nodesNotAt } from './clusterNodes';
import {
  listUpdates,
  requestToken,
  updateParam,
  waitForUpdate,
} from './eksUpdates';
import { timedStep } from './findings';
import { refreshInsights } from './readinessInsights';
import { managedNodegroups, updateNodegroupVersion } from './nodegroupSteps';
import { publicRollbackPlan } from './rollbackPlan';
import { preflightRollback, RollbackState } from './rollbackPreflight';
import type {
  ClusterRollbackPlan,
  RollbackClusterOptions,
  RollbackClusterResult,
  UpgradeDependencies,
  UpgradeStepTiming,
  VersionChange,
} from './types';

/**
 * The plan of a rollback: its preflight (see `rollbackCluster`), read-only
 * but for the insights refresh outside a dry run. Throws the InputError
 * that would stop the rollback.
 *
 * @public
 */
export async function planClusterRollback(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
): Promise<ClusterRollbackPlan> {
  return publicRollbackPlan(await preflightRollback(run, opts, deps));
}

/** Moves add-ons (the calls limited, the waits all at once), recording them. */
async function moveAddons(
  run: ProvisioningRun,
  s: RollbackState,
  moves: RollbackState['addonMoves'],
  result: RollbackClusterResult,
): Promise<void> {
  const limit = pLimit(4);
  const changes = await Promise.all(
    moves.map(m =>
      updateAddonVersion(run, s.clusterName, m.addon, m.prepared, limit),
    ),
  );
  for (const c of changes) {
    result.addons.push({ name: c.name, from: c.from, to: c.to });
    if (c.status !== 'ACTIVE') {
      result.lagging.push(
        `add-on ${c.name} is ${c.status} after its update to ${c.to}`,
      );
    }
  }
}

/** Step 2: the managed node groups back to the previous version. */
async function nodegroupsBack(
  run: ProvisioningRun,
  s: RollbackState,
  result: RollbackClusterResult,
  force: boolean,
): Promise<void> {
  const changes = await Promise.all(
    s.nodegroups.map(ng =>
      updateNodegroupVersion(run, s.clusterName, ng, s.toVersion, force),
    ),
  );
  result.nodegroups.push(
    ...changes.filter((c): c is VersionChange => c !== undefined),
  );
}

/** Step 4: the control plane back (a running or finished rollback is awaited, not repeated). */
async function controlPlaneBack(
  run: ProvisioningRun,
  s: RollbackState,
  opts: RollbackClusterOptions,
): Promise<string | undefined> {
  const { clusterName, toVersion } = s;
  const force = opts.force === true;
  if (s.done) {
    run.logger.info(
      `Cluster ${clusterName} was already rolled back to Kubernetes ${toVersion} (update ${s.done.id})`,
    );
    return undefined;
  }
  if (!s.running && (s.nodegroups.length > 0 || s.addonMoves.length > 0)) {
    // EKS judges the rollback by its insights as last refreshed: refresh
    // them so that the node groups and add-ons just moved no longer block it
    await refreshInsights(
      run,
      clusterName,
      `rollback to ${toVersion}, after the node groups and add-ons`,
    );
  }
  const updateId = await run.change(
    {
      action: 'update',
      resource: `EKS cluster ${clusterName}`,
      detail: `roll back Kubernetes ${s.fromVersion} -> ${toVersion}${
        force ? ', force' : ''
      }`,
    },
    ['cluster-rollback', clusterName, toVersion],
    async () => {
      const running =
        s.running ??
        (await listUpdates(run, { clusterName })).find(
          u =>
            u.type === 'VersionRollback' &&
            u.status === 'InProgress' &&
            updateParam(u, 'Version') === toVersion,
        );
      if (running?.id) return running.id;
      const out = await run.aws.eks.send(
        new UpdateClusterVersionCommand({
          name: clusterName,
          version: toVersion,
          force: force || undefined,
          rollbackConfig:
            opts.timeoutMinutes !== undefined
              ? { timeoutMinutes: opts.timeoutMinutes }
              : undefined,
          clientRequestToken: requestToken(
            run,
            'cluster-rollback',
            clusterName,
            toVersion,
          ),
        }),
      );
      return out.update?.id ?? '';
    },
  );
  if (updateId) {
    await waitForUpdate(
      run,
      { clusterName },
      updateId,
      `the rollback of cluster ${clusterName} to Kubernetes ${toVersion}`,
    );
  }
  return updateId || undefined;
}

/** Step 6: what still runs another version, read again, and the log's report. */
async function reportRollback(
  run: ProvisioningRun,
  s: RollbackState,
  result: RollbackClusterResult,
): Promise<void> {
  const { clusterName, toVersion } = s;
  const [nodegroups, nodes] = await Promise.all([
    managedNodegroups(run, clusterName),
    clusterNodes(run, s.k8s),
  ]);
  for (const ng of nodegroups) {
    if (ng.version !== toVersion) {
      result.lagging.push(
        `node group ${ng.nodegroupName} runs Kubernetes ${ng.version}`,
      );
    }
  }
  for (const n of nodesNotAt(nodes, toVersion)) {
    if (n.owner === 'nodegroup') continue;
    result.lagging.push(
      `node ${n.name} (${n.owner}${
        n.group ? ` ${n.group}` : ''
      }) runs kubelet ${n.kubeletMinor ?? 'unknown'}${
        isNodeClaimNode(n) ? ': drift replaces it' : ''
      }`,
    );
  }
  run.logger.info(
    `Cluster ${clusterName} rolled back from Kubernetes ${
      s.fromVersion
    } to ${toVersion}${result.updateId ? ` (update ${result.updateId})` : ''}`,
  );
  for (const c of [...result.nodegroups, ...result.addons]) {
    run.logger.info(`${c.name}: ${c.from} -> ${c.to}`);
  }
  for (const l of result.lagging) run.logger.info(`Still lagging: ${l}`);
}

/**
 * Rolls a cluster back to the Kubernetes version it was upgraded from, in
 * named steps: (1) the preflight: the rollback window (the latest
 * successful upgrade to the current version, within
 * CLUSTER_ROLLBACK_WINDOW_DAYS; else an InputError naming when it closed),
 * EKS's ROLLBACK_READINESS insights refreshed (an ERROR the rollback does
 * not fix stops it unless `force`), Karpenter's support of the version,
 * PodDisruptionBudgets; (2) the managed node groups back first; (3) add-ons
 * that do not run on the version, to one that does (EKS does not roll
 * add-ons back); (4) the control plane (UpdateClusterVersion with the
 * previous version, `rollbackConfig.timeoutMinutes` when given), waited
 * for; (5) kube-proxy to the previous version's build (EKS offers it only
 * once the control plane runs that version); (6) the report. Every write
 * is a checkpointed change; a run on a cluster already rolled back reports
 * it and changes nothing.
 *
 * @public
 */
export async function rollbackCluster(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
): Promise<RollbackClusterResult> {
  const steps: UpgradeStepTiming[] = [];
  run.beginSteps(run.dryRun ? 1 : 6);
  const s = await timedStep(
    run,
    steps,
    'preflight: rollback window, rollback readiness insights, add-ons, Karpenter, node groups, PodDisruptionBudgets',
    async () => {
      const state = await preflightRollback(run, opts, deps);
      for (const line of state.plan) run.logger.info(`Plan: ${line}`);
      return state;
    },
  );
  const result: RollbackClusterResult = {
    ...publicRollbackPlan(s),
    steps,
    addons: [],
    nodegroups: [],
    lagging: [],
  };
  if (run.dryRun) return result;
  const { toVersion } = s;
  await timedStep(
    run,
    steps,
    `node groups back to Kubernetes ${toVersion}`,
    () => nodegroupsBack(run, s, result, opts.force === true),
  );
  await timedStep(
    run,
    steps,
    `add-ons that do not run on Kubernetes ${toVersion}`,
    () => moveAddons(run, s, s.addonMoves, result),
  );
  result.updateId = await timedStep(
    run,
    steps,
    `control plane back to Kubernetes ${toVersion}`,
    () => controlPlaneBack(run, s, opts),
  );
  await timedStep(run, steps, `kube-proxy to its build for ${toVersion}`, () =>
    moveAddons(run, s, s.addonsAfter, result),
  );
  await timedStep(run, steps, 'report: what changed and what still lags', () =>
    reportRollback(run, s, result),
  );
  return result;
}
