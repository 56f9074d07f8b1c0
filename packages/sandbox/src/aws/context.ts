import type { ClusterEndpoints } from '../clusterEndpoints';
import type { AccessKeys } from './sts/accessKeys';
import type { Scheduler } from '../scheduler';
import type { AccountState, RegionState, SandboxState } from '../state';
import type { KubeSimulation } from '../simulation/KubeSimulation';

/** Everything an AWS operation handler gets for one request. */
export interface AwsContext {
  service: string;
  operation: string;
  accountId: string;
  region: string;
  requestId: string;
  /** The base URL of the sandbox's AWS endpoint (for queue URLs). */
  baseUrl: string;
  /** Opens and closes each cluster's Kubernetes endpoint. */
  clusterEndpoints: ClusterEndpoints;
  /** The access keys the sandbox knows (AssumeRole issues more). */
  accessKeys: AccessKeys;
  /** Base64 of the sandbox CA's PEM: every cluster's `certificateAuthority.data`. */
  certificateAuthorityData: string;
  state: SandboxState;
  account: AccountState;
  regional: RegionState;
  scheduler: Scheduler;
  simulation: KubeSimulation;
  /** Records a mutation in the write log. */
  recordWrite(params: Record<string, unknown>): void;
}
