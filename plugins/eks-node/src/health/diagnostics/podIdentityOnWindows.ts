import type { DiagnosticCheck } from './types';

/** Pods on Windows nodes cannot use EKS Pod Identity. */
export const podIdentityOnWindows: DiagnosticCheck = obs => {
  const associations = obs.podIdentityAssociations.data ?? [];
  if (associations.length === 0) return [];
  const windowsNodes = (obs.nodes.data?.items ?? []).filter(
    n => n.os === 'windows',
  );
  const windowsNodeGroups = (obs.nodeGroups.data ?? []).filter(ng =>
    ng.amiType?.startsWith('WINDOWS'),
  );
  if (windowsNodes.length === 0 && windowsNodeGroups.length === 0) return [];
  return [
    {
      id: 'pod-identity-on-windows',
      severity: 'warning',
      title: 'Pod Identity is not available to pods on Windows nodes',
      what: `The cluster has Windows nodes (${[
        ...windowsNodeGroups.map(ng => `node group ${ng.name}`),
        ...windowsNodes.map(n => n.name),
      ].join(', ')}) and ${associations.length} Pod Identity association${
        associations.length === 1 ? '' : 's'
      }.`,
      why: 'The EKS Pod Identity agent runs only on Linux nodes: pods scheduled on Windows nodes get no credentials from their associations.',
      fix: 'Keep workloads that need Pod Identity on Linux nodes (nodeSelector kubernetes.io/os: linux), or use IAM roles for service accounts (IRSA) for Windows workloads.',
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html#pod-id-considerations',
      resources: [
        ...windowsNodeGroups.map(ng => `nodegroup/${ng.name}`),
        ...windowsNodes.map(n => `node/${n.name}`),
      ],
    },
  ];
};
