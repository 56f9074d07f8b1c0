import {
  DescribeUpdateCommand,
  paginateListUpdates,
  type Update,
} from '@aws-sdk/client-eks';
import type { NodeGroupSummary } from '@backstage-eks/plugin-eks-common';
import {
  allPages,
  awsCall,
  describeEach,
  type ObserveContext,
} from './context';

// The version updates of a cluster and of its updating node groups.

/** The update types of a control plane's version changes. */
const CLUSTER_VERSION_UPDATE_TYPES = ['VersionUpdate', 'VersionRollback'];

/** The ids of the cluster's own updates (ListUpdates without a node group or add-on). */
export function listClusterUpdates(ctx: ObserveContext): Promise<string[]> {
  const { clusterName } = ctx.target;
  return allPages(
    ctx,
    'eks:ListUpdates',
    () => paginateListUpdates({ client: ctx.aws.eks }, { name: clusterName }),
    page => page.updateIds,
  );
}

function describeUpdate(
  ctx: ObserveContext,
  updateId: string,
  nodegroupName?: string,
): Promise<Update | undefined> {
  const { clusterName } = ctx.target;
  return awsCall(ctx, 'eks:DescribeUpdate', async signal => {
    const out = await ctx.aws.eks.send(
      new DescribeUpdateCommand({ name: clusterName, updateId, nodegroupName }),
      { abortSignal: signal },
    );
    return out.update;
  });
}

/**
 * The control plane's version updates and rollbacks (DescribeUpdate for
 * each of the cluster's updates: EKS's ListUpdates gives ids only, in no
 * stated order, so the newest is known once all are described).
 */
export async function describeClusterVersionUpdates(
  ctx: ObserveContext,
  updateIds: string[],
): Promise<Update[]> {
  const updates = await describeEach(ctx, updateIds, id =>
    describeUpdate(ctx, id),
  );
  return updates.filter(
    (u): u is Update =>
      !!u && CLUSTER_VERSION_UPDATE_TYPES.includes(u.type ?? ''),
  );
}

/** A node group's version update that is still changing it. */
export interface NodegroupUpdate {
  nodegroup: NodeGroupSummary;
  update: Update;
}

/**
 * The version updates in progress of the node groups that are UPDATING
 * (ListUpdates and DescribeUpdate for those only: none while no node
 * group is changing): each one's newest version update while it changes
 * the node group.
 */
export async function describeNodegroupVersionUpdates(
  ctx: ObserveContext,
  nodeGroups: NodeGroupSummary[],
): Promise<NodegroupUpdate[]> {
  const { clusterName } = ctx.target;
  const updating = nodeGroups.filter(n => n.status === 'UPDATING');
  const perGroup = await describeEach(ctx, updating, async nodegroup => {
    const ids = await allPages(
      ctx,
      'eks:ListUpdates',
      () =>
        paginateListUpdates(
          { client: ctx.aws.eks },
          { name: clusterName, nodegroupName: nodegroup.name },
        ),
      page => page.updateIds,
    );
    const updates = await describeEach(ctx, ids, id =>
      describeUpdate(ctx, id, nodegroup.name),
    );
    const latest = updates
      .filter((u): u is Update => !!u && u.type === 'VersionUpdate')
      .sort(
        (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
      )[0];
    return latest && versionUpdateRunning(nodegroup, latest)
      ? [{ nodegroup, update: latest }]
      : [];
  });
  return perGroup.flat();
}

/**
 * The node group's newest version update is still changing it: running,
 * or ended after the node group was read (still UPDATING at the version
 * it leaves), which the next read shows done.
 */
function versionUpdateRunning(
  nodegroup: NodeGroupSummary,
  update: Update,
): boolean {
  if (update.status === 'InProgress') return true;
  const target = update.params?.find(p => p.type === 'Version')?.value;
  return (
    update.status === 'Successful' &&
    target !== undefined &&
    target !== nodegroup.version
  );
}
