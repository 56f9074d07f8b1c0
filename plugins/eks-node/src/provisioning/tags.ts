/** Tag naming the cluster a resource was created for. @public */
export const CLUSTER_TAG = 'eks.backstage.io/cluster';
/** Tag marking resources created by these actions. @public */
export const MANAGED_BY_TAG = 'eks.backstage.io/managed-by';

/** The tags put on everything created for a cluster. @public */
export function resourceTags(
  clusterName: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    [CLUSTER_TAG]: clusterName,
    [MANAGED_BY_TAG]: 'backstage',
  };
}

/** Tags as the IAM/EC2/ELB lists want them. */
export function tagList(
  tags: Record<string, string>,
): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
