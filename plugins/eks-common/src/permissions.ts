import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Read a cluster's health, add-ons, Pod Identity and Karpenter state. @public */
export const eksClusterReadPermission = createPermission({
  name: 'eks.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Create clusters and change them (add-ons, Karpenter, Pod Identity): checked
 * by `aws:eks:cluster:create`, `aws:eks:addon:install`,
 * `aws:eks:karpenter:install` and `aws:eks:pod-identity:create` with the
 * credentials of the user who started the task.
 *
 * @public
 */
export const eksClusterCreatePermission = createPermission({
  name: 'eks.cluster.create',
  attributes: { action: 'create' },
});

/**
 * Delete clusters: checked by `aws:eks:cluster:delete` with the credentials
 * of the user who started the task, on the cluster's catalog entity (see
 * {@link eksClusterEntityRef}). A resource permission of the catalog's
 * `catalog-entity` type, so a policy can answer with the catalog's own
 * conditions, e.g. "only owners of the entity" (`isEntityOwner`).
 *
 * @public
 */
export const eksClusterDeletePermission = createPermission({
  name: 'eks.cluster.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Upgrade a cluster's Kubernetes version and roll an upgrade back: checked by
 * `aws:eks:cluster:upgrade` and `aws:eks:cluster:rollback` with the
 * credentials of the user who started the task, on the cluster's catalog
 * entity (see {@link eksClusterEntityRef}). A resource permission of the
 * catalog's `catalog-entity` type, like {@link eksClusterDeletePermission},
 * so a policy can answer with the catalog's own conditions, e.g. "only
 * owners of the entity" (`isEntityOwner`).
 *
 * @public
 */
export const eksClusterUpgradePermission = createPermission({
  name: 'eks.cluster.upgrade',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Start an on-demand refresh of a cluster's EKS insights
 * (StartInsightsRefresh) from its entity page: checked by the eks backend
 * on the cluster's catalog entity, so a policy can answer with the
 * catalog's conditions (e.g. `isEntityOwner`). Reading insights needs only
 * {@link eksClusterReadPermission}.
 *
 * @public
 */
export const eksClusterInsightsRefreshPermission = createPermission({
  name: 'eks.cluster.insights.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** All permissions of the EKS plugin. @public */
export const eksPermissions = [
  eksClusterReadPermission,
  eksClusterCreatePermission,
  eksClusterDeletePermission,
  eksClusterUpgradePermission,
  eksClusterInsightsRefreshPermission,
];
