import { Entity } from '@backstage/catalog-model';

/**
 * Whether an entity can own EKS clusters in the fleet: a System (the
 * clusters' `spec.system`) or a Group (their owner). For
 * `EntityEksFleetCard`'s `if`.
 *
 * @public
 */
export function isFleetEntity(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kind === 'system' || kind === 'group';
}
