import {
  Addon,
  Cluster,
  Nodegroup,
  Update,
  UpdateClusterVersionCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  ADDON_VERSION_CHOICES,
  compareAddonVersions,
  karpenterVersionStanding,
  previousKubernetesVersion,
  SUPPORTED_KARPENTER_VERSIONS,
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
  updateAddonVersion,
} from './addonSteps';
import {
  blockingBudgets,
  ClusterNode,
  clusterNodes,
  installedKarpenterVersion,
  isNodeClaimNode,
  nodesNotAt,
  waitForNodeClaimDrift,
} from './clusterNodes';
import {
  inProgressVersionUpdate,
  requestToken,
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
import {
  ReadinessInsight,
  readinessInsights,
  refreshInsights,
} from './readinessInsights';
import type {
  ClusterUpgradePlan,
  UpgradeClusterOptions,
  UpgradeClusterResult,
  UpgradeDependencies,
  UpgradeFinding,
  UpgradeStepTiming,
  VersionChange,
} from './types';

const KARPENTER_COMPATIBILITY =
  'https://karpenter.sh/docs/upgrading/compatibility/#compatibility-matrix';

/** What the preflight found and decided, for the steps after it. */
interface UpgradeState extends ClusterUpgradePlan {
  cluster: Cluster;
  k8s: KubernetesClients;
  /** A version update to the target EKS already runs (a resumed task). */
  running?: Update;
  /** Add-ons to move before the control plane, to a version supporting both. */
  bridges: { addon: Addon; prepared: PreparedAddon }[];
  /** Add-ons to move after the control plane, to the target's default/latest. */
  finals: { addon: Addon; prepared: PreparedAddon }[];
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

/**
 * Add-ons, read-only: which the target does not run (each then needs a
 * version supporting both versions, else a finding), and the target's
 * default or latest version for each, its configuration validated against
 * that version's schema.
 */
async function planAddons(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  cluster: Cluster,
  atTarget: boolean,
  findings: UpgradeFinding[],
): Promise<Pick<UpgradeState, 'bridges' | 'finals'>> {
  const clusterName = opts.clusterName;
  const target = opts.targetVersion;
  const current = atTarget
    ? previousKubernetesVersion(target) ?? target
    : cluster.version ?? '';
  const limit = pLimit(4);
  const bridges: UpgradeState['bridges'] = [];
  const finals: UpgradeState['finals'] = [];
  const addons = await installedAddons(run, clusterName);
  await Promise.all(
    addons.map(addon =>
      limit(async () => {
        const name = addon.addonName ?? '';
        const installed = addon.addonVersion ?? '';
        const forTarget = await addonVersionsFor(run, name, target);
        let after = installed;
        if (!atTarget && !addonRunsOn(name, installed, target, forTarget)) {
          const forCurrent = await addonVersionsFor(run, name, current);
          const both =
            name === KUBE_PROXY
              ? forCurrent.find(v => addonRunsOn(name, v, target, forTarget))
              : forCurrent.find(v => forTarget.includes(v));
          if (both) {
            bridges.push({
              addon,
              prepared: await prepareAddonVersion(
                run,
                clusterName,
                addon,
                both,
                current,
                'targetVersion',
              ),
            });
            after = both;
          } else {
            findings.push(
              preflightFinding(
                'addon',
                name,
                `Add-on ${name} on Kubernetes ${target}`,
                'ERROR',
                `${name} ${installed} does not support Kubernetes ${target}, and no version of it supports both ${current} and ${target}.`,
                `Check ${name}'s versions for ${target} (DescribeAddonVersions); update or remove the add-on so that it can run on both, or set force to upgrade anyway and move it to ${target}'s version right after the control plane.`,
              ),
            );
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
      }),
    ),
  );
  const byName = (a: { addon: Addon }, b: { addon: Addon }) =>
    (a.addon.addonName ?? '').localeCompare(b.addon.addonName ?? '');
  return { bridges: bridges.sort(byName), finals: finals.sort(byName) };
}

/** The readiness insights' ERRORs the upgrade itself does not fix block it. */
function judgeInsights(
  insights: ReadinessInsight[],
  fixed: {
    addons: boolean;
    kubeProxy: boolean;
    nodegroupArns: Set<string>;
  },
): { findings: UpgradeFinding[]; blocking: UpgradeFinding[] } {
  const findings: UpgradeFinding[] = [];
  const blocking: UpgradeFinding[] = [];
  for (const insight of insights) {
    if (insight.finding.status === 'PASSING') continue;
    findings.push(insight.finding);
    if (insight.finding.status !== 'ERROR') continue;
    const fixedByUpgrade =
      (insight.kind === 'addon-compatibility' && fixed.addons) ||
      (insight.kind === 'kube-proxy-skew' && fixed.kubeProxy) ||
      (insight.kind === 'kubelet-skew' &&
        insight.resources.length > 0 &&
        insight.resources.every(r => fixed.nodegroupArns.has(r)));
    if (!fixedByUpgrade) blocking.push(insight.finding);
  }
  return { findings, blocking };
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
async function preflightUpgrade(
  run: ProvisioningRun,
  opts: UpgradeClusterOptions,
  deps: UpgradeDependencies,
): Promise<UpgradeState> {
  validateUpgradeOptions(opts);
  const { clusterName, targetVersion: target } = opts;
  const force = opts.force === true;
  const upgradeNodegroups = opts.upgradeNodegroups !== false;
  const { cluster, running, atTarget } = await upgradableCluster(run, opts);
  const current = cluster.version ?? '';
  const judgeReadiness = !atTarget && !running;
  if (judgeReadiness)
    await refreshInsights(run, clusterName, `upgrade to ${target}`);
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  const findings: UpgradeFinding[] = [];
  const always: UpgradeFinding[] = [];
  const [insights, addonPlan, nodegroups, nodes, karpenterVersion] =
    await Promise.all([
      judgeReadiness
        ? readinessInsights(run, clusterName, 'UPGRADE_READINESS', target)
        : Promise.resolve([]),
      planAddons(run, opts, cluster, atTarget || Boolean(running), findings),
      managedNodegroups(run, clusterName),
      clusterNodes(run, k8s),
      installedKarpenterVersion(run, k8s),
    ]);
  const addonsUnfixable = findings.some(
    f => f.id.startsWith('preflight:addon:') && f.status === 'ERROR',
  );

  // node groups: EKS upgrades the control plane only when every managed node group runs its version
  const behind = atTarget
    ? []
    : nodegroups.filter(ng => ng.version !== current && ng.version !== target);
  for (const ng of behind) {
    const problem = nodegroupVersionProblem(ng, current);
    if (!upgradeNodegroups || problem) {
      always.push(
        preflightFinding(
          'nodegroup-version',
          ng.nodegroupName ?? '',
          `Node group ${ng.nodegroupName} behind the cluster`,
          'ERROR',
          `Node group ${ng.nodegroupName} runs Kubernetes ${ng.version}, the cluster ${current}: EKS upgrades the control plane only when every managed node group runs the cluster's version.`,
          problem ??
            `Let the upgrade bring it to ${current} first (upgradeNodegroups true), or update it yourself (UpdateNodegroupVersion version ${current}).`,
        ),
      );
    }
  }
  const toTarget = upgradeNodegroups
    ? nodegroups.filter(ng => ng.version !== target)
    : [];
  for (const ng of toTarget) {
    const problem = nodegroupVersionProblem(ng, target);
    if (problem) {
      findings.push(
        preflightFinding(
          'nodegroup-ami',
          ng.nodegroupName ?? '',
          `Node group ${ng.nodegroupName} on Kubernetes ${target}`,
          'ERROR',
          problem.replace(/:.*$/, '.'),
          problem.replace(/^[^:]*: /, ''),
        ),
      );
    }
  }

  // Karpenter's compatibility matrix
  if (karpenterVersion && judgeReadiness) {
    const standing = karpenterVersionStanding(karpenterVersion, target);
    if (standing.tooOldForKubernetes) {
      const latest =
        SUPPORTED_KARPENTER_VERSIONS[SUPPORTED_KARPENTER_VERSIONS.length - 1];
      findings.push(
        preflightFinding(
          'karpenter',
          'controller',
          `Karpenter ${karpenterVersion} is too old for Kubernetes ${target}`,
          'ERROR',
          `Karpenter supports Kubernetes ${target} from ${standing.tooOldForKubernetes.minimum}; this cluster's Karpenter is ${karpenterVersion} (${KARPENTER_COMPATIBILITY}).`,
          `Upgrade Karpenter to ${latest} (or at least ${standing.tooOldForKubernetes.minimum}) first by running the Set up Karpenter template (aws:eks:karpenter:install) with chart version ${latest}, then upgrade the cluster.`,
        ),
      );
    }
  }

  // PodDisruptionBudgets that keep the nodes to be replaced from draining
  const drainedGroups = new Set(
    toTarget.concat(behind).map(ng => ng.nodegroupName),
  );
  const drained = new Set(
    nodes
      .filter(
        n =>
          (n.owner === 'nodegroup' && drainedGroups.has(n.group)) ||
          (isNodeClaimNode(n) && n.kubeletMinor !== target),
      )
      .map(n => n.name),
  );
  for (const b of await blockingBudgets(run, k8s, drained)) {
    findings.push(
      preflightFinding(
        'pdb',
        `${b.namespace}/${b.name}`,
        `PodDisruptionBudget ${b.namespace}/${b.name} blocks draining`,
        'ERROR',
        `It allows no disruption now, and selects pods on nodes the upgrade replaces: ${b.pods.join(
          ', ',
        )} (on ${b.nodes.join(
          ', ',
        )}). A node group update fails with PodEvictionFailure on it, and Karpenter's drift waits on it.`,
        `Scale the workload up or relax the budget (minAvailable/maxUnavailable) so that at least one pod may be evicted, or set force (node groups then replace nodes whatever the budget says).`,
      ),
    );
  }

  // nodes nobody replaces: self-managed, hybrid, Fargate pods
  const others = nodesNotAt(
    nodes.filter(n => n.owner === 'other' || n.owner === 'fargate'),
    target,
  );
  if (others.length > 0) {
    findings.push(
      preflightFinding(
        'nodes',
        'self-managed',
        'Nodes the upgrade does not replace',
        'WARNING',
        `${others.length} node${
          others.length === 1 ? '' : 's'
        } outside managed node groups, Karpenter and Auto Mode will keep an older kubelet: ${others
          .map(n => `${n.name} (${n.kubeletMinor ?? 'unknown'})`)
          .join(', ')}.`,
        `Replace them yourself after the upgrade (self-managed and hybrid nodes; Fargate pods by restarting them).`,
      ),
    );
  }

  const nodegroupArns = new Set(
    behind.map(ng => ng.nodegroupArn ?? '').filter(Boolean),
  );
  const judged = judgeInsights(insights, {
    addons: !addonsUnfixable,
    kubeProxy: addonPlan.bridges.some(b => b.addon.addonName === KUBE_PROXY),
    nodegroupArns,
  });
  findings.unshift(...judged.findings);
  const blocking = [
    ...judged.blocking,
    ...findings.filter(
      f => f.id.startsWith('preflight:') && f.status === 'ERROR',
    ),
  ];
  stopOnBlockingFindings(
    run,
    'targetVersion',
    `upgrade of cluster ${clusterName} to Kubernetes ${target}`,
    blocking,
    always,
    force,
  );

  const state: UpgradeState = {
    clusterName,
    fromVersion: current,
    toVersion: target,
    alreadyAtTarget: atTarget,
    findings: [...always, ...findings],
    plan: [],
    cluster,
    k8s,
    running,
    ...addonPlan,
    behind,
    toTarget,
    nodes,
  };
  state.plan = planLines(state, opts);
  return state;
}

function planLines(s: UpgradeState, opts: UpgradeClusterOptions): string[] {
  const lines: string[] = [];
  const { clusterName, fromVersion, toVersion } = s;
  if (s.alreadyAtTarget) {
    lines.push(
      `Cluster ${clusterName} is already at Kubernetes ${toVersion}: only what still lags is finished.`,
    );
  } else {
    lines.push(
      `Upgrade cluster ${clusterName} from Kubernetes ${fromVersion} to ${toVersion}.`,
    );
  }
  for (const f of s.findings) lines.push(`Preflight: ${findingLine(f)}`);
  if (!s.alreadyAtTarget) {
    for (const b of s.bridges) {
      lines.push(
        `Before the control plane: add-on ${b.addon.addonName} ${b.addon.addonVersion} -> ${b.prepared.version} (supports ${fromVersion} and ${toVersion}).`,
      );
    }
    for (const ng of s.behind) {
      lines.push(
        `Before the control plane: node group ${ng.nodegroupName} ${
          ng.version
        } -> ${fromVersion} (the cluster's version), ${updateConfigText(ng)}.`,
      );
    }
    lines.push(
      s.running
        ? `Control plane: the update to ${toVersion} already running (${s.running.id}) is awaited.`
        : `Control plane: UpdateClusterVersion ${fromVersion} -> ${toVersion}${
            opts.force ? ' with force' : ''
          }, waited for until it succeeds.`,
    );
  }
  for (const f of s.finals) {
    lines.push(
      `Add-on ${f.addon.addonName}: ${f.addon.addonVersion} -> ${
        f.prepared.version
      } (${opts.addonVersion ?? 'default'} for ${toVersion}${
        f.prepared.request.configurationValues
          ? ', configuration values kept and valid for it'
          : ''
      }).`,
    );
  }
  if (opts.upgradeNodegroups === false) {
    lines.push(
      'Managed node groups: left as they are (upgradeNodegroups false).',
    );
  }
  for (const ng of s.toTarget) {
    lines.push(
      `Node group ${ng.nodegroupName}: ${
        ng.version
      } -> ${toVersion} (UpdateNodegroupVersion; ${updateConfigText(ng)}).`,
    );
  }
  const claims = nodesNotAt(
    s.nodes.filter(n => n.owner === 'karpenter'),
    toVersion,
  );
  if (claims.length > 0) {
    lines.push(
      `Karpenter: ${claims.length} node${
        claims.length === 1 ? '' : 's'
      } replaced through drift (the EC2NodeClass's AMI selector picks ${toVersion}'s AMI)${
        opts.waitForKarpenterDrift === false
          ? ', not waited for'
          : ', waited for'
      }.`,
    );
  }
  if (s.cluster.computeConfig?.enabled) {
    lines.push(
      'EKS Auto Mode: EKS replaces its nodes itself after the control plane.',
    );
  }
  return lines;
}

function publicPlan(s: UpgradeState): ClusterUpgradePlan {
  return {
    clusterName: s.clusterName,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    alreadyAtTarget: s.alreadyAtTarget,
    plan: s.plan,
    findings: s.findings,
  };
}

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
  return publicPlan(await preflightUpgrade(run, opts, deps));
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
  moves: { addon: Addon; prepared: PreparedAddon }[],
  lagging: string[],
): Promise<VersionChange[]> {
  const limit = pLimit(4);
  const changes = await Promise.all(
    moves.map(m =>
      limit(() => updateAddonVersion(run, clusterName, m.addon, m.prepared)),
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
    `add-ons and node groups ${s.fromVersion} needs changed before the control plane`,
    async () => {
      if (
        s.alreadyAtTarget ||
        (s.bridges.length === 0 && s.behind.length === 0)
      ) {
        run.logger.info('Nothing to change before the control plane');
        return;
      }
      const [addons, nodegroups] = await Promise.all([
        moveAddons(run, clusterName, s.bridges, result.lagging),
        Promise.all(
          s.behind.map(ng =>
            updateNodegroupVersion(run, clusterName, ng, s.fromVersion, force),
          ),
        ),
      ]);
      result.addons.push(...addons);
      result.nodegroups.push(
        ...nodegroups.filter((c): c is VersionChange => c !== undefined),
      );
    },
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
        ...(await moveAddons(run, clusterName, s.finals, result.lagging)),
      );
    },
  );

  await timedStep(
    run,
    steps,
    `node groups and Karpenter's nodes to Kubernetes ${toVersion}`,
    async () => {
      const [nodegroups, drift] = await Promise.all([
        Promise.all(
          s.toTarget.map(ng =>
            updateNodegroupVersion(
              run,
              clusterName,
              s.behind.includes(ng) ? { ...ng, version: s.fromVersion } : ng,
              toVersion,
              force,
            ),
          ),
        ),
        waitForNodeClaimDrift(
          run,
          s.k8s,
          toVersion,
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
    },
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
