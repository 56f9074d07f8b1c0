import { Cluster, DescribeClusterVersionsCommand } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  compareKubernetesVersions,
  karpenterReleaseLine,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';
import { preflightFinding } from './findings';
import type { UpgradeFinding } from './types';

/**
 * EKS rolls back to a version in extended support only when the cluster's
 * upgrade policy is EXTENDED (force does not bypass it).
 */
export async function checkSupportPolicy(
  run: ProvisioningRun,
  cluster: Cluster,
  target: string,
): Promise<void> {
  if (cluster.upgradePolicy?.supportType !== 'STANDARD') return;
  const { clusterVersions } = await run.aws.eks.send(
    new DescribeClusterVersionsCommand({ clusterVersions: [target] }),
  );
  const info = clusterVersions?.find(v => v.clusterVersion === target);
  const extended =
    info?.versionStatus === 'EXTENDED_SUPPORT' ||
    String(info?.status) === 'extended-support';
  if (!extended) return;
  throw new InputError(
    `clusterName: cluster ${cluster.name} cannot be rolled back to ${target}: ${target} is in extended support and the cluster's upgrade policy (upgradePolicy.supportType) is STANDARD; set it to EXTENDED first (extended support is billed per cluster-hour), then run again`,
  );
}

/** Karpenter's release must support the version rolled back to. */
export function karpenterRollbackFindings(
  installed: string | undefined,
  target: string,
): UpgradeFinding[] {
  const line = installed
    ? karpenterReleaseLine(installed.replace(/^v/, ''))
    : undefined;
  if (!line || compareKubernetesVersions(target, line.kubernetes.oldest) >= 0) {
    return [];
  }
  return [
    preflightFinding(
      'karpenter',
      'controller',
      `Karpenter ${installed} does not support Kubernetes ${target}`,
      'ERROR',
      `Karpenter ${line.minor} supports Kubernetes ${line.kubernetes.oldest} to ${line.kubernetes.newest}.`,
      `Install a Karpenter release that supports ${target} (the Set up Karpenter template; supported: ${SUPPORTED_KARPENTER_VERSIONS.join(
        ', ',
      )}) before rolling back.`,
    ),
  ];
}
