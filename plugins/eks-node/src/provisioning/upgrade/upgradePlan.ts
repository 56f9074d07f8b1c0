import { nodesNotAt } from './clusterNodes';
import { findingLine } from './findings';
import { updateConfigText } from './nodegroupSteps';
import type { ClusterUpgradePlan, UpgradeClusterOptions } from './types';
import type { UpgradeState } from './upgradePreflight';

/** The plan's lines up to the control plane. */
function beforeAndControlPlane(
  s: UpgradeState,
  opts: UpgradeClusterOptions,
): string[] {
  const lines: string[] = [];
  const { fromVersion, toVersion } = s;
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
  return lines;
}

/** The plan's lines: what the dry run shows and the run logs before acting. */
export function upgradePlanLines(
  s: UpgradeState,
  opts: UpgradeClusterOptions,
): string[] {
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
  if (!s.alreadyAtTarget) lines.push(...beforeAndControlPlane(s, opts));
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

/** The plan as the public result gives it. */
export function publicUpgradePlan(s: UpgradeState): ClusterUpgradePlan {
  return {
    clusterName: s.clusterName,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    alreadyAtTarget: s.alreadyAtTarget,
    plan: s.plan,
    findings: s.findings,
  };
}
