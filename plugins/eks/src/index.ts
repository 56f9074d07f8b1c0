/**
 * The EKS frontend plugin: the entity tab and cards of EKS clusters and the
 * scaffolder field extensions of the EKS templates (legacy frontend system;
 * the new frontend system's plugin is exported from `/alpha`).
 *
 * @packageDocumentation
 */

export {
  eksPlugin,
  EntityEksAddonsCard,
  EntityEksClusterHealthCard,
  EntityEksContent,
} from './plugin';
export { isEksAvailable } from './isEksAvailable';
export { eksApiRef, EksClient } from './api';
export type { EksApi, EksTarget } from './api';
