import { eksClusterEntityRef } from '@backstage-eks/plugin-eks-common';

/** Tag naming the cluster a resource was created for. @public */
export const CLUSTER_TAG = 'eks.backstage.io/cluster';
/** Tag marking resources created by these actions. @public */
export const MANAGED_BY_TAG = 'eks.backstage.io/managed-by';
/**
 * Tag (and, on Kubernetes objects, annotation) naming the request a resource
 * belongs to: the catalog entity ref of the cluster the create is making
 * (see `eksClusterEntityRef`). A resource without it for this request's
 * identity was not made by this request (see `ownership.ts`).
 *
 * @public
 */
export const ENTITY_REF_TAG = 'eks.backstage.io/entity-ref';

/**
 * The identity of a request for a cluster: the ref of the catalog entity the
 * create makes for it.
 *
 * @public
 */
export function ownershipIdentity(clusterName: string): string {
  return eksClusterEntityRef(clusterName);
}

/** The tags put on everything created for a cluster. @public */
export function resourceTags(
  clusterName: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    [CLUSTER_TAG]: clusterName,
    [MANAGED_BY_TAG]: 'backstage',
    [ENTITY_REF_TAG]: ownershipIdentity(clusterName),
  };
}

/** Tags as the IAM/EC2/ELB lists want them. */
export function tagList(
  tags: Record<string, string>,
): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** Tags from the IAM/EC2/EventBridge list shape. */
export function tagRecord(
  tags: { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).flatMap(t => (t.Key ? [[t.Key, t.Value ?? '']] : [])),
  );
}
