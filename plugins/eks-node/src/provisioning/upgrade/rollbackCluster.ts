import {
  Addon,
  Cluster,
  Nodegroup,
  Update,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  CLUSTER_ROLLBACK_WINDOW_DAYS,
  compareKubernetesVersions,
  karpenterReleaseLine,
  nextKubernetesVersion,
  previousKubernetesVersion,
  rollbackWindowOf,
  RollbackWindow,
  SUPPORTED_KARPENTER_VERSIONS,
  validateClusterName,
} from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { PreparedAddon } from '../addons/prepareAddon';
import { findCluster } from '../clusterLookup';
import { checkField, checkInteger } from '../inputRules';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  addonRunsOn,
  addonVersionsFor,
  installedAddons,
  KUBE_PROXY,
  prepareAddonVersion,
  updateAddonVersion,
} from './addonSteps';
import {
  blockingBudgets,
  ClusterNode,
  clusterNodes,
  installedKarpenterVersion,
  isNodeClaimNode,
  nodesNotAt,
} from './clusterNodes';
import {
  listUpdates,
  requestToken,
  updateParam,
  waitForUpdate,
} from './eksUpdates';
import {
  findingLine,
  preflightFinding,
  stopOnBlockingFindings,
  timedStep,
} from './findings';
import {
  managedNodegroups,
  nodegroupVersionProblem,
  updateConfigText,
  updateNodegroupVersion,
} from './nodegroupSteps';
import { readinessInsights, refreshInsights } from './readinessInsights';
import type {
  ClusterRollbackPlan,
  RollbackClusterOptions,
  RollbackClusterResult,
  UpgradeDependencies,
  UpgradeFinding,
  UpgradeStepTiming,
  VersionChange,
} from './types';

interface RollbackState extends ClusterRollbackPlan {
  cluster: Cluster;
  k8s: KubernetesClients;
  /** The rollback EKS already runs (a resumed task waits for it). */
  running?: Update;
  /** The cluster already went back (a resumed or repeated run). */
  done?: Update;
  /** Add-ons moved to a version running on both, before the control plane. */
  addonMoves: { addon: Addon; prepared: PreparedAddon }[];
  /**
   * kube-proxy, built per minor: EKS offers a build of the previous version
   * only once the control plane runs it, so it follows the control plane
   * (the skew policy lets a newer kube-proxy run for the while).
   */
  addonsAfter: { addon: Addon; prepared: PreparedAddon }[];
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

/**
 * Add-ons that do not run on the previous version: each to one that runs
 * on both before the control plane, except kube-proxy, which moves to the
 * previous version's default build after it.
 */
async function planRollbackAddons(
  run: ProvisioningRun,
  clusterName: string,
  current: string,
  target: string,
  findings: UpgradeFinding[],
): Promise<Pick<RollbackState, 'addonMoves' | 'addonsAfter'>> {
  const limit = pLimit(4);
  const addonMoves: RollbackState['addonMoves'] = [];
  const addonsAfter: RollbackState['addonsAfter'] = [];
  const addons = await installedAddons(run, clusterName);
  await Promise.all(
    addons.map(addon =>
      limit(async () => {
        const name = addon.addonName ?? '';
        const installed = addon.addonVersion ?? '';
        const forTarget = await addonVersionsFor(run, name, target);
        if (addonRunsOn(name, installed, target, forTarget)) return;
        if (name === KUBE_PROXY) {
          addonsAfter.push({
            addon,
            prepared: await prepareAddonVersion(
              run,
              clusterName,
              addon,
              'default',
              target,
              'clusterName',
            ),
          });
          return;
        }
        const forCurrent = await addonVersionsFor(run, name, current);
        const both = forTarget.find(v => forCurrent.includes(v));
        if (!both) {
          findings.push(
            preflightFinding(
              'addon',
              name,
              `Add-on ${name} on Kubernetes ${target}`,
              'ERROR',
              `${name} ${installed} does not support Kubernetes ${target}, and no version of it supports both ${target} and ${current}.`,
              `Remove the add-on (DeleteAddon with preserve) or set force to roll back anyway.`,
            ),
          );
          return;
        }
        addonMoves.push({
          addon,
          prepared: await prepareAddonVersion(
            run,
            clusterName,
            addon,
            both,
            target,
            'clusterName',
          ),
        });
      }),
    ),
  );
  const byName = (a: { addon: Addon }, b: { addon: Addon }) =>
    (a.addon.addonName ?? '').localeCompare(b.addon.addonName ?? '');
  return {
    addonMoves: addonMoves.sort(byName),
    addonsAfter: addonsAfter.sort(byName),
  };
}

async function preflightRollback(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
): Promise<RollbackState> {
  validateRollbackOptions(opts);
  const { clusterName } = opts;
  const { cluster, running, done, window } = await rollbackableCluster(
    run,
    clusterName,
  );
  const current = cluster.version ?? '';
  const settled = Boolean(done);
  const target = settled
    ? current
    : running
    ? updateParam(running, 'Version') ?? ''
    : previousKubernetesVersion(current) ?? '';
  const fromVersion = settled
    ? nextKubernetesVersion(current) ?? current
    : current;
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  const judge = !settled && !running;
  if (judge) await refreshInsights(run, clusterName, `rollback to ${target}`);
  const findings: UpgradeFinding[] = [];
  const [insights, addonPlan, nodegroups, nodes, karpenterVersion] =
    await Promise.all([
      judge
        ? readinessInsights(run, clusterName, 'ROLLBACK_READINESS', target)
        : Promise.resolve([]),
      judge
        ? planRollbackAddons(run, clusterName, current, target, findings)
        : Promise.resolve({ addonMoves: [], addonsAfter: [] }),
      managedNodegroups(run, clusterName),
      clusterNodes(run, k8s),
      installedKarpenterVersion(run, k8s),
    ]);
  const { addonMoves, addonsAfter } = addonPlan;
  const toRollBack = nodegroups.filter(
    ng => compareKubernetesVersions(ng.version ?? '', target) > 0,
  );
  if (judge) {
    for (const ng of toRollBack) {
      const problem = nodegroupVersionProblem(ng, target);
      if (problem) {
        findings.push(
          preflightFinding(
            'nodegroup-version',
            ng.nodegroupName ?? '',
            `Node group ${ng.nodegroupName} on Kubernetes ${target}`,
            'ERROR',
            problem.replace(/:.*$/, '.'),
            problem.replace(/^[^:]*: /, ''),
          ),
        );
      }
    }
    const line = karpenterVersion
      ? karpenterReleaseLine(karpenterVersion.replace(/^v/, ''))
      : undefined;
    if (line && compareKubernetesVersions(target, line.kubernetes.oldest) < 0) {
      findings.push(
        preflightFinding(
          'karpenter',
          'controller',
          `Karpenter ${karpenterVersion} does not support Kubernetes ${target}`,
          'ERROR',
          `Karpenter ${line.minor} supports Kubernetes ${line.kubernetes.oldest} to ${line.kubernetes.newest}.`,
          `Install a Karpenter release that supports ${target} (the Set up Karpenter template; supported: ${SUPPORTED_KARPENTER_VERSIONS.join(
            ', ',
          )}) before rolling back.`,
        ),
      );
    }
    const drainedGroups = new Set(toRollBack.map(ng => ng.nodegroupName));
    const drained = new Set(
      nodes
        .filter(n => n.owner === 'nodegroup' && drainedGroups.has(n.group))
        .map(n => n.name),
    );
    for (const b of await blockingBudgets(run, k8s, drained)) {
      findings.push(
        preflightFinding(
          'pdb',
          `${b.namespace}/${b.name}`,
          `PodDisruptionBudget ${b.namespace}/${b.name} blocks draining`,
          'ERROR',
          `It allows no disruption now, and selects pods on nodes the rollback replaces: ${b.pods.join(
            ', ',
          )} (on ${b.nodes.join(', ')}).`,
          `Scale the workload up or relax the budget so that at least one pod may be evicted, or set force.`,
        ),
      );
    }
  }
  const nodegroupArns = new Set(
    toRollBack.map(ng => ng.nodegroupArn ?? '').filter(Boolean),
  );
  const addonsFixable = !findings.some(f =>
    f.id.startsWith('preflight:addon:'),
  );
  const insightFindings: UpgradeFinding[] = [];
  const blocking: UpgradeFinding[] = [];
  for (const insight of insights) {
    if (insight.finding.status === 'PASSING') continue;
    insightFindings.push(insight.finding);
    if (insight.finding.status !== 'ERROR') continue;
    const fixed =
      (insight.kind === 'addon-compatibility' && addonsFixable) ||
      (insight.kind === 'kube-proxy-skew' &&
        addonsAfter.some(m => m.addon.addonName === KUBE_PROXY)) ||
      (insight.kind === 'kubelet-skew' &&
        insight.resources.length > 0 &&
        insight.resources.every(r => nodegroupArns.has(r)));
    if (!fixed) blocking.push(insight.finding);
  }
  blocking.push(...findings.filter(f => f.status === 'ERROR'));
  stopOnBlockingFindings(
    run,
    'clusterName',
    `rollback of cluster ${clusterName} to Kubernetes ${target}`,
    blocking,
    [],
    opts.force === true,
  );
  const state: RollbackState = {
    clusterName,
    fromVersion,
    toVersion: target,
    windowClosesAt: window?.closesAt.toISOString(),
    findings: [...insightFindings, ...findings],
    plan: [],
    cluster,
    k8s,
    running,
    done,
    addonMoves,
    addonsAfter,
    nodegroups: toRollBack,
    nodes,
  };
  state.plan = rollbackPlanLines(state, opts);
  return state;
}

function rollbackPlanLines(
  s: RollbackState,
  opts: RollbackClusterOptions,
): string[] {
  const { clusterName, fromVersion, toVersion } = s;
  if (s.done) {
    return [
      `Cluster ${clusterName} was already rolled back to Kubernetes ${toVersion} (update ${s.done.id}): nothing to do.`,
    ];
  }
  const lines = [
    `Roll cluster ${clusterName} back from Kubernetes ${fromVersion} to ${toVersion}${
      s.windowClosesAt
        ? ` (the rollback window closes at ${s.windowClosesAt})`
        : ''
    }.`,
    ...s.findings.map(f => `Preflight: ${findingLine(f)}`),
    ...s.nodegroups.map(
      ng =>
        `Node group ${ng.nodegroupName}: ${
          ng.version
        } -> ${toVersion} first (UpdateNodegroupVersion; ${updateConfigText(
          ng,
        )}).`,
    ),
    ...s.addonMoves.map(
      m =>
        `Add-on ${m.addon.addonName}: ${m.addon.addonVersion} -> ${m.prepared.version} (supports ${toVersion} and ${fromVersion}; EKS does not roll add-ons back).`,
    ),
    s.running
      ? `Control plane: the rollback to ${toVersion} already running (${s.running.id}) is awaited.`
      : `Control plane: UpdateClusterVersion ${fromVersion} -> ${toVersion}${
          opts.force ? ' with force' : ''
        }${
          opts.timeoutMinutes
            ? `, rollback timeout ${opts.timeoutMinutes} minutes`
            : ''
        }, waited for until it succeeds.`,
  ];
  for (const m of s.addonsAfter) {
    lines.push(
      `After the control plane: add-on ${m.addon.addonName} ${m.addon.addonVersion} -> ${m.prepared.version} (the default build for ${toVersion}).`,
    );
  }
  const claims = nodesNotAt(s.nodes.filter(isNodeClaimNode), toVersion);
  if (claims.length > 0) {
    lines.push(
      `Karpenter/Auto Mode: ${claims.length} node${
        claims.length === 1 ? '' : 's'
      } on ${fromVersion} replaced through drift after the control plane (reported, not waited for).`,
    );
  }
  return lines;
}

function publicPlan(s: RollbackState): ClusterRollbackPlan {
  return {
    clusterName: s.clusterName,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    windowClosesAt: s.windowClosesAt,
    plan: s.plan,
    findings: s.findings,
  };
}

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
  return publicPlan(await preflightRollback(run, opts, deps));
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
 * once the control plane runs that version); (6) the report. Every write is a checkpointed change.
 *
 * @public
 */
export async function rollbackCluster(
  run: ProvisioningRun,
  opts: RollbackClusterOptions,
  deps: UpgradeDependencies,
): Promise<RollbackClusterResult> {
  const steps: UpgradeStepTiming[] = [];
  const force = opts?.force === true;
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
    ...publicPlan(s),
    steps,
    addons: [],
    nodegroups: [],
    lagging: [],
  };
  if (run.dryRun) return result;
  const { clusterName, toVersion } = s;

  await timedStep(
    run,
    steps,
    `node groups back to Kubernetes ${toVersion}`,
    async () => {
      const changes = await Promise.all(
        s.nodegroups.map(ng =>
          updateNodegroupVersion(run, clusterName, ng, toVersion, force),
        ),
      );
      result.nodegroups.push(
        ...changes.filter((c): c is VersionChange => c !== undefined),
      );
    },
  );

  const moveAddons = async (moves: RollbackState['addonMoves']) => {
    const limit = pLimit(4);
    const changes = await Promise.all(
      moves.map(m =>
        limit(() => updateAddonVersion(run, clusterName, m.addon, m.prepared)),
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
  };

  await timedStep(
    run,
    steps,
    `add-ons that do not run on Kubernetes ${toVersion}`,
    () => moveAddons(s.addonMoves),
  );

  result.updateId = await timedStep(
    run,
    steps,
    `control plane back to Kubernetes ${toVersion}`,
    async () => {
      if (s.done) {
        run.logger.info(
          `Cluster ${clusterName} already runs Kubernetes ${toVersion}`,
        );
        return s.done.id;
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
    },
  );

  await timedStep(run, steps, `kube-proxy to its build for ${toVersion}`, () =>
    moveAddons(s.addonsAfter),
  );

  await timedStep(
    run,
    steps,
    'report: what changed and what still lags',
    async () => {
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
        } to ${toVersion}${
          result.updateId ? ` (update ${result.updateId})` : ''
        }`,
      );
      for (const c of [...result.nodegroups, ...result.addons]) {
        run.logger.info(`${c.name}: ${c.from} -> ${c.to}`);
      }
      for (const l of result.lagging) run.logger.info(`Still lagging: ${l}`);
    },
  );
  return result;
}
