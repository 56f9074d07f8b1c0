import {
  isCrashLooping,
  karpenterCredentialFacts,
  POD_IDENTITY_AGENT_ADDON,
} from './karpenterCredentials';
import { runsOwnKarpenter } from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

export { POD_IDENTITY_AGENT_ADDON } from './karpenterCredentials';

/**
 * Karpenter's service account has a Pod Identity association but the Pod
 * Identity agent is missing, while the controller is not (yet) crash-looping:
 * it runs on credentials it got before, and its next start or credential
 * refresh fails (then `karpenterControllerCrashLoop` reports it).
 */
export const karpenterWithoutPodIdentityAgent: DiagnosticCheck = obs => {
  const karpenter = obs.karpenter.data;
  if (!karpenter || !runsOwnKarpenter(karpenter) || !obs.addons.data) {
    return [];
  }
  const facts = karpenterCredentialFacts(obs);
  if (facts.agentUsable || facts.associations.length === 0) return [];
  if ((obs.karpenterControllerPods.data ?? []).some(isCrashLooping)) return [];
  return [
    {
      id: 'karpenter-without-pod-identity-agent',
      severity: 'warning',
      title:
        'Karpenter uses Pod Identity but the Pod Identity agent is missing',
      what: `Karpenter's service account ${facts.namespace}/${
        facts.serviceAccount
      } has a Pod Identity association (${facts.associations
        .map(a => a.roleArn)
        .join(', ')}), but the ${POD_IDENTITY_AGENT_ADDON} add-on is ${
        facts.agentStatus ?? 'not installed'
      }.`,
      why: 'Pods get Pod Identity credentials only through the agent on their node. Karpenter keeps what it already has until the credentials expire or the pod restarts; then it logs "ec2 api connectivity check failed" and crash-loops, and no nodes are provisioned.',
      fix: `Install the ${POD_IDENTITY_AGENT_ADDON} add-on (aws:eks:addon:install, or aws eks create-addon --cluster-name ${obs.target.clusterName} --addon-name ${POD_IDENTITY_AGENT_ADDON}).`,
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html',
      resources: [
        `addon/${POD_IDENTITY_AGENT_ADDON}`,
        ...(facts.controller
          ? [
              `deployment/${facts.controller.namespace}/${facts.controller.name}`,
            ]
          : []),
      ],
    },
  ];
};
