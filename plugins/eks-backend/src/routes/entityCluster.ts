import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EKS_CLUSTER_ARN_ANNOTATION,
  EKS_CLUSTER_ARN_ANNOTATIONS,
  getEksClusterRef,
  type EksClusterRef,
} from '@backstage-eks/plugin-eks-common';

/**
 * The catalog entity a route names (read with the user's credentials) and
 * the EKS cluster its ARN annotation names: 404 when the catalog has no such
 * entity, 400 when it has no cluster ARN.
 */
export async function entityCluster(
  catalog: CatalogService,
  entityRef: { kind: string; namespace: string; name: string },
  credentials: BackstageCredentials,
): Promise<{ entity: Entity; cluster: EksClusterRef }> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `entity ${stringifyEntityRef(entityRef)} not found in the catalog`,
    );
  }
  const cluster = getEksClusterRef(entity);
  if (!cluster) {
    throw new InputError(
      `entity ${stringifyEntityRef(
        entity,
      )} has no EKS cluster ARN: set the annotation ${EKS_CLUSTER_ARN_ANNOTATION} (or one of ${EKS_CLUSTER_ARN_ANNOTATIONS.slice(
        1,
      ).join(', ')}) to the cluster's ARN`,
    );
  }
  return { entity, cluster };
}
