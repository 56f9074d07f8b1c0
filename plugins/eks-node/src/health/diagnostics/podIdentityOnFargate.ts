import type { DiagnosticCheck } from './types';

/**
 * Pods that Fargate runs cannot use EKS Pod Identity: the agent is a
 * DaemonSet, and Fargate runs no DaemonSets.
 */
export const podIdentityOnFargate: DiagnosticCheck = obs => {
  const profiles = obs.fargateProfiles.data ?? [];
  const associations = obs.podIdentityAssociations.data ?? [];
  const matches = associations.flatMap(association => {
    const profile = profiles.find(p =>
      p.selectors.some(s => s.namespace === association.namespace),
    );
    return profile ? [{ association, profile }] : [];
  });
  if (matches.length === 0) return [];
  return [
    {
      id: 'pod-identity-on-fargate',
      severity: 'warning',
      title: 'Pod Identity associations for namespaces that Fargate runs',
      what: matches
        .map(
          ({ association, profile }) =>
            `${association.namespace}/${association.serviceAccount} is in a namespace selected by Fargate profile ${profile.name}`,
        )
        .join('; '),
      why: 'EKS Pod Identity needs its agent on the node, and Fargate cannot run DaemonSets: pods scheduled on Fargate get no credentials from these associations.',
      fix: 'Use IAM roles for service accounts (IRSA) for pods that run on Fargate, or run these workloads on EC2 nodes (remove the namespace from the Fargate profile selectors).',
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html#pod-id-considerations',
      resources: matches.map(
        ({ association }) =>
          `podidentityassociation/${association.associationId}`,
      ),
    },
  ];
};
