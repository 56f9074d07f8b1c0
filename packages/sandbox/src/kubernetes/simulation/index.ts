import { apiServiceController } from './apiServices.ts';
import { deploymentController } from './deployments.ts';
import { replicaSetController } from './replicaSets.ts';
import { garbageCollector } from './garbageCollector.ts';
import { karpenterController } from './karpenter.ts';
import { kubeletController } from './kubelet.ts';
import { loadBalancerController } from './loadBalancers.ts';
import { schedulerController } from './scheduler.ts';
import type { SimulatedCluster } from './types.ts';
import { daemonSetController, serviceAccountController } from './workloads.ts';

export type { SimulatedCluster } from './types.ts';
export { nodeObject, type NodeOptions } from './nodes.ts';
export { IRSA_ROLE_ANNOTATION } from './kubelet.ts';

/** The simulation controllers, in the order one reconcile pass runs them. */
export const SIMULATION_CONTROLLERS: Array<
  (cluster: SimulatedCluster) => void
> = [
  serviceAccountController,
  garbageCollector,
  deploymentController,
  replicaSetController,
  daemonSetController,
  schedulerController,
  kubeletController,
  karpenterController,
  loadBalancerController,
  apiServiceController,
];
