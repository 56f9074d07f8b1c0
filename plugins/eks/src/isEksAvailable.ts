import { Entity } from '@backstage/catalog-model';
import { isEksClusterEntity } from '@backstage-eks/plugin-eks-common';

/**
 * Whether the EKS tab and cards apply to an entity: it carries an annotation
 * holding an EKS cluster ARN (the plugin's own, `amazonaws.com/arn`, or the
 * legacy community one).
 *
 * @public
 */
export function isEksAvailable(entity: Entity): boolean {
  return isEksClusterEntity(entity);
}
