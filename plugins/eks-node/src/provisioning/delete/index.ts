// The delete flow's public names.
export type { KeptResource } from './createdResources';
export {
  deleteCluster,
  validateDeleteClusterOptions,
  type DeleteClusterOptions,
  type DeleteClusterResult,
} from './deleteCluster';
export {
  findClusterLoadBalancers,
  findLeftovers,
  LBC_CLUSTER_TAG,
  type LeftoverResource,
} from './leftovers';
export { deletionReport } from './report';
