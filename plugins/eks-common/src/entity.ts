import { Entity } from '@backstage/catalog-model';
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
