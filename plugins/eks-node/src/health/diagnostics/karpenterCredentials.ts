import type { PodIdentityAssociationSummary } from '@backstage-eks/plugin-eks-common';
import { findKarpenterController } from '../sources/karpenter';
import type {
  ClusterObservations,
  DeploymentObservation,
  PodObservation,
} from '../types';

export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** Where Karpenter's controller gets AWS credentials from, as observed. */
export interface KarpenterCredentialFacts {
  controller?: DeploymentObservation;
  namespace: string;
  serviceAccount: string;
  /** The agent add-on's status; undefined when it is not installed. */
  agentStatus?: string;
  /** Whether the agent add-on can hand out credentials. */
  agentUsable: boolean;
  /** Pod Identity associations for the controller's service account. */
  associations: PodIdentityAssociationSummary[];
  /** Undefined when the associations could not be read. */
  associationsKnown: boolean;
}

export function karpenterCredentialFacts(
  obs: ClusterObservations,
): KarpenterCredentialFacts {
  const controller = findKarpenterController(
    obs.workloads.data?.deployments ?? [],
  );
  const namespace =
    controller?.namespace ??
    obs.karpenter.data?.controller?.namespace ??
    'kube-system';
  const serviceAccount = controller?.serviceAccountName ?? 'karpenter';
  const agent = (obs.addons.data ?? []).find(
    a => a.name === POD_IDENTITY_AGENT_ADDON,
  );
  const associations = (obs.podIdentityAssociations.data ?? []).filter(
    a => a.namespace === namespace && a.serviceAccount === serviceAccount,
  );
  return {
    controller,
    namespace,
    serviceAccount,
    agentStatus: agent?.status,
    // Auto Mode runs the agent itself
    agentUsable:
      obs.cluster.data?.autoMode === true ||
      (agent !== undefined &&
        agent.status !== 'CREATE_FAILED' &&
        agent.status !== 'DELETING'),
    associations,
    associationsKnown: obs.podIdentityAssociations.data !== undefined,
  };
}

/** A pod whose containers keep failing: CrashLoopBackOff, or restarted and not ready. */
export function isCrashLooping(pod: PodObservation): boolean {
  return pod.containers.some(
    c =>
      c.waitingReason === 'CrashLoopBackOff' ||
      (!c.ready && c.restartCount > 0 && c.lastTermination !== undefined),
  );
}
