import { isNodeClaimNode, nodesNotAt } from './clusterNodes';
import { findingLine } from './findings';
import { updateConfigText } from './nodegroupSteps';
import type { RollbackState } from './rollbackPreflight';
import type { ClusterRollbackPlan, RollbackClusterOptions } from './types';

/** The rollback plan's lines: what the dry run shows and the run logs before acting. */
export function rollbackPlanLines(
  s: RollbackState,
  opts: RollbackClusterOptions,
): string[] {
  const { clusterName, fromVersion, toVersion } = s;
  const after = s.addonsAfter.map(
    m =>
      `After the control plane: add-on ${m.addon.addonName} ${m.addon.addonVersion} -> ${m.prepared.version} (the default build for ${toVersion}).`,
  );
  if (s.done) {
    return [
      `Cluster ${clusterName} was already rolled back to Kubernetes ${toVersion} (update ${
        s.done.id
      })${
        after.length ? ': only what still lags is finished' : ': nothing to do'
      }.`,
      ...after,
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
  lines.push(...after);
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

export function publicRollbackPlan(s: RollbackState): ClusterRollbackPlan {
  return {
    clusterName: s.clusterName,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    windowClosesAt: s.windowClosesAt,
    plan: s.plan,
    findings: s.findings,
  };
}
