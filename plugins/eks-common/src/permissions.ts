import { createPermission } from '@backstage/plugin-permission-common';

/** Read a cluster's health, add-ons, Pod Identity and Karpenter state. @public */
export const eksClusterReadPermission = createPermission({
  name: 'eks.cluster.read',
  attributes: { action: 'read' },
});

/** Create clusters and change them (add-ons, Karpenter, Pod Identity). @public */
export const eksClusterCreatePermission = createPermission({
  name: 'eks.cluster.create',
  attributes: { action: 'create' },
});

/** Delete clusters. @public */
export const eksClusterDeletePermission = createPermission({
  name: 'eks.cluster.delete',
  attributes: { action: 'delete' },
});

/** All permissions of the EKS plugin. @public */
export const eksPermissions = [
  eksClusterReadPermission,
  eksClusterCreatePermission,
  eksClusterDeletePermission,
];
