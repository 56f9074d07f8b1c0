import { findKarpenterController } from '../sources/karpenter';
import type { DiagnosticCheck } from './types';

export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/**
 * Karpenter set up with EKS Pod Identity cannot get AWS credentials without
 * the Pod Identity agent: its pods print no logs and fail their probes.
 */
export const karpenterWithoutPodIdentityAgent: DiagnosticCheck = obs => {
  const karpenter = obs.karpenter.data;
  const addons = obs.addons.data;
  if (!karpenter?.installed || !addons) return [];
  const agent = addons.find(a => a.name === POD_IDENTITY_AGENT_ADDON);
  if (
    agent &&
    agent.status !== 'CREATE_FAILED' &&
    agent.status !== 'DELETING'
  ) {
    return [];
  }
  const controller = karpenter.controller;
  const deployment = findKarpenterController(
    obs.workloads.data?.deployments ?? [],
  );
  const notReady =
    controller !== undefined && controller.ready < controller.desired;
  return [
    {
      id: 'karpenter-without-pod-identity-agent',
      severity: notReady ? 'critical' : 'warning',
      title: 'Karpenter runs without the EKS Pod Identity agent',
      what: `Karpenter is installed but the ${POD_IDENTITY_AGENT_ADDON} add-on is ${
        agent ? agent.status : 'not installed'
      }${
        controller
          ? ` (controller pods ready: ${controller.ready}/${controller.desired})`
          : ''
      }.`,
      why: 'Without the agent (and without IRSA), Karpenter gets no AWS credentials: its pods print no logs, fail their readiness and liveness probes, and no nodes are provisioned for pending pods.',
      fix: `Install the ${POD_IDENTITY_AGENT_ADDON} add-on (aws:eks:addon:install) and make sure a Pod Identity association exists for Karpenter's service account; then restart the Karpenter deployment.`,
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html',
      resources: [
        `addon/${POD_IDENTITY_AGENT_ADDON}`,
        ...(deployment
          ? [`deployment/${deployment.namespace}/${deployment.name}`]
          : []),
      ],
    },
  ];
};
