import { ReactNode } from 'react';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { EKS_CLUSTER_ARN_ANNOTATION } from '@backstage-eks/plugin-eks-common';
import { Entity } from '@backstage/catalog-model';
import { isEksAvailable } from '../../isEksAvailable';

/**
 * Renders its children with the current entity when the entity names an EKS
 * cluster, and Backstage's missing annotation state when it does not.
 */
export function EksAnnotationGate(props: {
  children: (entity: Entity) => ReactNode;
}) {
  const { entity } = useEntity();
  if (!isEksAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={EKS_CLUSTER_ARN_ANNOTATION} />
    );
  }
  return <>{props.children(entity)}</>;
}
