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
  /** `https://host:port`: the base of the clusters' Kubernetes endpoints. */
  kubernetesBaseUrl: string;
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
