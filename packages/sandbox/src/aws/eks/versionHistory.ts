import type { EksCluster, EksUpdate } from './model';

/** How long after an upgrade completes EKS lets the cluster roll back to the version before. */
export const ROLLBACK_WINDOW_MS = 7 * 24 * 60 * 60_000;

/** `1.33` -> `1.32`: pure minor arithmetic. */
export function minorBefore(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor - 1}`;
}

/** The minor versions between two versions (positive when `to` is newer). */
export function minorDistance(from: string, to: string): number {
  const [fm, fn] = from.split('.').map(Number);
  const [tm, tn] = to.split('.').map(Number);
  return (tm - fm) * 1000 + (tn - fn);
}

function versionOf(u: EksUpdate) {
  return u.params.find(p => p.type === 'Version')?.value;
}

/** The cluster's own version changes (not its node groups' or add-ons'). */
function clusterVersionChanges(cluster: EksCluster) {
  return cluster.updates.filter(
    u =>
      !u.nodegroupName &&
      !u.addonName &&
      (u.type === 'VersionUpdate' || u.type === 'VersionRollback'),
  );
}

/**
 * The upgrade a rollback would undo: the latest successful version change of
 * the cluster, when it is an upgrade (VersionUpdate) to the version the
 * cluster runs. Undefined for a cluster created at its version or whose last
 * change was a rollback.
 */
export function lastUpgrade(cluster: EksCluster): EksUpdate | undefined {
  const done = clusterVersionChanges(cluster).filter(
    u => u.status === 'Successful',
  );
  const last = done[done.length - 1];
  if (!last || last.type !== 'VersionUpdate') return undefined;
  return versionOf(last) === cluster.version ? last : undefined;
}

/** The rollback window of a cluster: open from its last upgrade's completion for 7 days. */
export interface RollbackWindow {
  /** The version a rollback returns to. */
  previousVersion: string;
  upgrade: EksUpdate;
  completedAt: Date;
  closesAt: Date;
  open: boolean;
}

export function rollbackWindow(
  cluster: EksCluster,
  now: Date = new Date(),
): RollbackWindow | undefined {
  const upgrade = lastUpgrade(cluster);
  if (!upgrade) return undefined;
  const completedAt = upgrade.completedAt ?? upgrade.createdAt;
  const closesAt = new Date(completedAt.getTime() + ROLLBACK_WINDOW_MS);
  return {
    previousVersion: minorBefore(cluster.version),
    upgrade,
    completedAt,
    closesAt,
    open: now.getTime() <= closesAt.getTime(),
  };
}
