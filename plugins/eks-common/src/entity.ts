import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EKS_CLUSTER_ARN_ANNOTATIONS } from './annotations';
import { EksClusterRef, parseEksClusterArn } from './arn';

/**
 * The EKS cluster an entity stands for, read from the first of
 * {@link EKS_CLUSTER_ARN_ANNOTATIONS} that holds an EKS cluster ARN.
 *
 * @public
 */
export function getEksClusterRef(entity: Entity): EksClusterRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of EKS_CLUSTER_ARN_ANNOTATIONS) {
    const value = annotations[key];
    const ref = value ? parseEksClusterArn(value) : undefined;
    if (ref) {
      return ref;
    }
  }
  return undefined;
}

/**
 * Whether the entity carries an annotation that identifies an EKS cluster.
 *
 * @public
 */
export function isEksClusterEntity(entity: Entity): boolean {
  return getEksClusterRef(entity) !== undefined;
}

/**
 * The catalog name of a cluster's `Resource` entity: the cluster name with
 * characters the catalog does not allow replaced by "-", at most 63
 * characters (EKS names allow letters, digits, "-" and "_", as the catalog does).
 *
 * @public
 */
export function eksClusterEntityName(clusterName: string): string {
  return clusterName.replace(/[^A-Za-z0-9\-_.]/g, '-').slice(0, 63);
}

/**
 * The ref of a cluster's catalog entity as `aws:eks:cluster:create` and the
 * catalog module name it (`resource:default/<name>`): the resource that
 * `eks.cluster.delete` is checked on.
 *
 * @public
 */
export function eksClusterEntityRef(clusterName: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: 'default',
    name: eksClusterEntityName(clusterName),
  });
}
