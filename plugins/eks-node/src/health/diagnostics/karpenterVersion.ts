import {
  karpenterVersionStanding,
  runsOwnKarpenter,
  setupKarpenterTemplatePath,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

const COMPATIBILITY =
  'https://karpenter.sh/docs/upgrading/compatibility/#compatibility-matrix';

/**
 * The cluster's own Karpenter, judged by its version: older than the
 * cluster's Kubernetes version supports (Karpenter's compatibility matrix),
 * or older than the latest release the installer supports. Either is fixed
 * by running the Set up Karpenter template (aws:eks:karpenter:install)
 * again with the newer chart: the controller policy that version needs,
 * then the chart, then its CRDs.
 */
export const karpenterVersion: DiagnosticCheck = obs => {
  const karpenter = obs.karpenter.data;
  const cluster = obs.cluster.data;
  if (!karpenter?.version || !runsOwnKarpenter(karpenter)) return [];
  const installed = karpenter.version;
  const standing = karpenterVersionStanding(installed, cluster?.version);
  const action = {
    title: 'Upgrade Karpenter',
    path: setupKarpenterTemplatePath({
      cluster: obs.target.clusterName,
      region: obs.target.region,
      accountId: obs.target.accountId,
    }),
  };
  const resources = [
    `deployment/${karpenter.controller?.namespace ?? 'kube-system'}/karpenter`,
  ];
  const latest =
    SUPPORTED_KARPENTER_VERSIONS[SUPPORTED_KARPENTER_VERSIONS.length - 1];
  if (standing.tooOldForKubernetes) {
    const { kubernetesVersion, minimum } = standing.tooOldForKubernetes;
    return [
      {
        id: 'karpenter-too-old-for-kubernetes',
        severity: 'warning',
        title: `Karpenter ${installed} is too old for Kubernetes ${kubernetesVersion}`,
        what: `The cluster runs Kubernetes ${kubernetesVersion}; Karpenter supports it from ${minimum}, and this cluster's Karpenter is ${installed}.`,
        why: "Karpenter outside its compatibility matrix is untested against the cluster's API server: node launches, disruption and scheduling simulation can fail or misjudge pods, and Karpenter's own upgrade guide requires the supported version before the control plane is upgraded.",
        fix: `Upgrade Karpenter to ${latest} (or at least ${minimum}) by running the Set up Karpenter template (aws:eks:karpenter:install) with chart version ${latest}: it updates the controller's IAM policy first, then the chart, then the CRDs. Upgrade Karpenter before the next control plane upgrade.`,
        link: COMPATIBILITY,
        action,
        resources,
      },
    ];
  }
  if (standing.behindLatest) {
    return [
      {
        id: 'karpenter-behind-latest-release',
        severity: 'info',
        title: `Karpenter ${installed} is older than the latest supported release ${latest}`,
        what: `This cluster's Karpenter is ${installed}; the supported releases are ${SUPPORTED_KARPENTER_VERSIONS.join(
          ', ',
        )}.`,
        why: "Karpenter fixes bugs and security issues only in recent releases, and newer Kubernetes versions need newer Karpenter (1.35 needs 1.9, 1.36 needs 1.13): staying behind blocks the cluster's next upgrade.",
        fix: `Run the Set up Karpenter template (aws:eks:karpenter:install) with chart version ${latest}: it writes the IAM policy that version needs (e.g. ec2:DescribePlacementGroups since 1.11, ec2:DescribeInstanceStatus since 1.12) before it upgrades the chart, then the CRDs.`,
        link: 'https://karpenter.sh/docs/upgrading/upgrade-guide/',
        action,
        resources,
      },
    ];
  }
  return [];
};
