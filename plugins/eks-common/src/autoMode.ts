/**
 * The EKS add-ons whose work EKS Auto Mode does itself, so an Auto Mode
 * cluster does not need them: pod networking (vpc-cni), cluster DNS
 * (coredns), kube-proxy, and the Pod Identity agent ("You do not need to
 * install the EKS Pod Identity Agent on EKS Auto Mode Clusters. This
 * capability is built into EKS Auto Mode", EKS User Guide, "Set up the
 * Amazon EKS Pod Identity Agent"). metrics-server is NOT among them: Auto
 * Mode does not include it.
 *
 * @public
 */
export const AUTO_MODE_BUILT_IN_ADDONS: readonly string[] = [
  'vpc-cni',
  'coredns',
  'kube-proxy',
  'eks-pod-identity-agent',
];
