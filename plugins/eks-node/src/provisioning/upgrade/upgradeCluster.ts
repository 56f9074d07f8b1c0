import { UpdateClusterVersionCommand } from '@aws-sdk/client-eks';
import pLimit from 'p-limit';
import { ProvisioningRun } from '../ProvisioningRun';
import { installedAddons, KUBE_PROXY, updateAddonVersion } from './addonSteps';
import {
  clusterNodes,
  nodesNotAt,
  waitForNodeClaimDrift,
} from './clusterNodes';
import {
  inProgressVersionUpdate,
  requestToken,
  waitForUpdate,
} from './eksUpdates';
import { timedStep } from './findings';
import { refreshInsights } from './readinessInsights';
import {
  managedNodegroups,
  nodegroupVersionProblem,
  updateNodegroupVersion,
} from './nodegroupSteps';
import type {
  ClusterUpgradePlan,
  UpgradeClusterOptions,
  UpgradeClusterResult,
  UpgradeDependencies,
  UpgradeStepTiming,
  VersionChange,
} from './types';
import { publicUpgradePlan } from './upgradePlan';
import { AddonMove } from './addonPlan';
import { preflightUpgrade, UpgradeState } from './upgradePreflight';

/**
 * The plan of an upgrade: the preflight (see `upgradeCluster`), read-only
 * but for the insights refresh outside a dry run. Throws the InputError
 * that would stop the upgrade.
 *
 * @public
 */
export async function planClusterUpgrade(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  deps: UpgradeDependencies,
): Promise<ClusterUpgradePlan> {
  return publicUpgradePlan(await preflightUpgrade(run, opts, deps));
}

/** Step 3: the control plane, and the wait for its update. */
async function upgradeControlPlane(
  run: ProvisioningRun,
  s: UpgradeState,
  force: boolean,
): Promise<string | undefined> {
  if (s.alreadyAtTarget) {
    run.logger.info(
      `Cluster ${s.clusterName} already runs Kubernetes ${s.toVersion}`,
    );
    return undefined;
  }
  const { clusterName, toVersion } = s;
  const updateId = await run.change(
    {
      action: 'update',
      resource: `EKS cluster ${clusterName}`,
      detail: `Kubernetes ${s.fromVersion} -> ${toVersion}${
        force ? ', force' : ''
      }`,
    },
    ['cluster-version', clusterName, toVersion],
    async () => {
      const running =
        s.running ??
        (await inProgressVersionUpdate(run, { clusterName }, toVersion));
      if (running?.id) return running.id;
      const out = await run.aws.eks.send(
        new UpdateClusterVersionCommand({
          name: clusterName,
          version: toVersion,
          force: force || undefined,
          clientRequestToken: requestToken(
            run,
            'cluster-version',
            clusterName,
            toVersion,
          ),
        }),
      );
      return out.update?.id ?? '';
    },
  );
  if (run.dryRun || !updateId) return updateId || undefined;
  await waitForUpdate(
    run,
    { clusterName },
    updateId,
    `the upgrade of cluster ${clusterName} to Kubernetes ${toVersion}`,
  );
  return updateId;
}

/** Updates add-ons in parallel (the calls limited, the waits all at once). */
async function moveAddons(
  run: ProvisioningRun,
  clusterName: string,
  moves: AddonMove[],
  lagging: string[],
): Promise<VersionChange[]> {
  const limit = pLimit(4);
  const changes = await Promise.all(
    moves.map(m =>
      updateAddonVersion(run, clusterName, m.addon, m.prepared, limit),
    ),
  );
  for (const c of changes) {
    if (!run.dryRun && c.status !== 'ACTIVE') {
      lagging.push(
        `add-on ${c.name} is ${c.status} after its update to ${c.to}`,
      );
    }
  }
  return changes.map(({ name, from, to }) => ({ name, from, to }));
}

/** Step 2: what the current version needs changed before the control plane. */
async function beforeControlPlane(
  run: ProvisioningRun,
  s: UpgradeState,
  result: UpgradeClusterResult,
  force: boolean,
): Promise<void> {
  if (s.alreadyAtTarget || (s.bridges.length === 0 && s.behind.length === 0)) {
    run.logger.info('Nothing to change before the control plane');
    return;
  }
  const [addons, nodegroups] = await Promise.all([
    moveAddons(run, s.clusterName, s.bridges, result.lagging),
    Promise.all(
      s.behind.map(ng =>
        updateNodegroupVersion(run, s.clusterName, ng, s.fromVersion, force),
      ),
    ),
  ]);
  result.addons.push(...addons);
  result.nodegroups.push(
    ...nodegroups.filter((c): c is VersionChange => c !== undefined),
  );
  // EKS judges the upgrade by its insights as last refreshed: refresh them
  // so that what was just fixed no longer blocks it
  await refreshInsights(
    run,
    s.clusterName,
    `upgrade to ${s.toVersion}, after the changes it needed first`,
  );
}

/** Step 5: the managed node groups, and Karpenter's nodes through drift. */
async function nodesToTarget(
  run: ProvisioningRun,
  s: UpgradeState,
  result: UpgradeClusterResult,
  opts: UpgradeClusterOptions,
): Promise<void> {
  const { clusterName, toVersion } = s;
  const [nodegroups, drift] = await Promise.all([
    Promise.all(
      s.toTarget.map(ng =>
        updateNodegroupVersion(
          run,
          clusterName,
          // the ones behind were brought to the cluster's version in step 2
          s.behind.includes(ng) ? { ...ng, version: s.fromVersion } : ng,
          toVersion,
          opts.force === true,
        ),
      ),
    ),
    waitForNodeClaimDrift(
      run,
      s.k8s,
      toVersion,
      s.nodes,
      opts.waitForKarpenterDrift !== false,
    ),
  ]);
  result.nodegroups.push(
    ...nodegroups.filter((c): c is VersionChange => c !== undefined),
  );
  if (drift.replaced > 0 || drift.remaining.length > 0) {
    result.karpenterNodes = {
      replaced: drift.replaced,
      remaining: drift.remaining.length,
    };
  }
}

/**
 * Upgrades a cluster one Kubernetes minor version, in named steps:
 * (1) the preflight and the plan (logged; a dry run ends with it);
 * (2) add-ons the target does not support, to a version supporting both,
 * and node groups behind the cluster's version, to it; (3) the control
 * plane (UpdateClusterVersion, waited for; its errors on failure); (4) the
 * add-ons to the target's default (or latest) version in parallel, their
 * configuration kept; (5) the managed node groups (UpdateNodegroupVersion,
 * in parallel, each by its updateConfig) and Karpenter's nodes through
 * drift (bounded by the run's wait; what lags is reported); Auto Mode's
 * nodes by EKS; (6) the report. Every write is a checkpointed change: a
 * resumed task repeats none, and a run on a cluster already at the target
 * only finishes what lags.
 *
 * @public
 */
export async function upgradeCluster(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  deps: UpgradeDependencies,
): Promise<UpgradeClusterResult> {
  const steps: UpgradeStepTiming[] = [];
  const force = opts?.force === true;
  run.beginSteps(run.dryRun ? 1 : 6);
  const s = await timedStep(
    run,
    steps,
    `preflight: cluster, readiness insights for ${opts?.targetVersion}, add-ons, Karpenter, node groups, PodDisruptionBudgets`,
    async () => {
      const state = await preflightUpgrade(run, opts, deps);
      for (const line of state.plan) run.logger.info(`Plan: ${line}`);
      return state;
    },
  );
  const result: UpgradeClusterResult = {
    ...publicUpgradePlan(s),
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
    `add-ons and node groups ${s.fromVersion} needs changed before the control plane`,
    () => beforeControlPlane(run, s, result, force),
  );
  result.updateId = await timedStep(
    run,
    steps,
    `control plane to Kubernetes ${toVersion}`,
    () => upgradeControlPlane(run, s, force),
  );
  await timedStep(
    run,
    steps,
    `add-ons to their ${
      opts.addonVersion ?? 'default'
    } versions for ${toVersion}`,
    async () => {
      result.addons.push(
        ...(await moveAddons(run, s.clusterName, s.finals, result.lagging)),
      );
    },
  );
  await timedStep(
    run,
    steps,
    `node groups and Karpenter's nodes to Kubernetes ${toVersion}`,
    () => nodesToTarget(run, s, result, opts),
  );
  await timedStep(
    run,
    steps,
    'report: what changed and what still lags',
    async () => {
      result.lagging.push(...(await laggingPieces(run, s)));
      for (const line of reportLines(result)) run.logger.info(line);
    },
  );
  return result;
}

/** What still runs an older version than the target, read again. */
async function laggingPieces(
  run: ProvisioningRun,
  s: UpgradeState,
): Promise<string[]> {
  const { clusterName, toVersion } = s;
  const lagging: string[] = [];
  const [nodegroups, nodes, addons] = await Promise.all([
    managedNodegroups(run, clusterName),
    clusterNodes(run, s.k8s),
    installedAddons(run, clusterName),
  ]);
  for (const ng of nodegroups) {
    if (ng.version !== toVersion) {
      lagging.push(
        `node group ${ng.nodegroupName} runs Kubernetes ${ng.version}${
          nodegroupVersionProblem(ng, toVersion)
            ? ` (${nodegroupVersionProblem(ng, toVersion)})`
            : ' (upgradeNodegroups false: update it when ready)'
        }`,
      );
    }
  }
  for (const n of nodesNotAt(nodes, toVersion)) {
    if (n.owner === 'nodegroup') continue;
    lagging.push(
      `node ${n.name} (${
        n.owner === 'other' ? 'not managed by EKS or Karpenter' : n.owner
      }${n.group ? ` ${n.group}` : ''}) runs kubelet ${
        n.kubeletMinor ?? 'unknown'
      }`,
    );
  }
  const kubeProxy = addons.find(a => a.addonName === KUBE_PROXY);
  if (kubeProxy && !kubeProxy.addonVersion?.startsWith(`v${toVersion}.`)) {
    lagging.push(
      `add-on ${KUBE_PROXY} ${kubeProxy.addonVersion} is not a build for ${toVersion}`,
    );
  }
  return lagging;
}

function reportLines(r: UpgradeClusterResult): string[] {
  return [
    r.alreadyAtTarget
      ? `Cluster ${r.clusterName} was already at Kubernetes ${r.toVersion}`
      : `Cluster ${r.clusterName} upgraded from Kubernetes ${
          r.fromVersion
        } to ${r.toVersion}${r.updateId ? ` (update ${r.updateId})` : ''}`,
    ...r.addons.map(a => `Add-on ${a.name}: ${a.from} -> ${a.to}`),
    ...r.nodegroups.map(n => `Node group ${n.name}: ${n.from} -> ${n.to}`),
    ...(r.karpenterNodes
      ? [
          `Karpenter nodes: ${r.karpenterNodes.replaced} replaced, ${r.karpenterNodes.remaining} still on an older kubelet`,
        ]
      : []),
    ...r.steps.map(
      st => `Step ${st.title}: ${Math.round(st.elapsedMs / 100) / 10}s`,
    ),
    ...(r.lagging.length
      ? r.lagging.map(l => `Still lagging: ${l}`)
      : ['Nothing lags behind']),
  ];
}
