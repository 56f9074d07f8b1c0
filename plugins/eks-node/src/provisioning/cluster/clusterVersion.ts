import { paginateDescribeClusterVersions } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { compareKubernetesVersions } from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * The Kubernetes version to create: the requested one when EKS offers it,
 * else (none requested) the newest EKS offers.
 *
 * @public
 */
export async function resolveClusterVersion(
  run: ProvisioningRun,
  requested?: string,
): Promise<string> {
  const offered: string[] = [];
  for await (const page of paginateDescribeClusterVersions(
    { client: run.aws.eks },
    {},
  )) {
    for (const v of page.clusterVersions ?? []) {
      if (v.clusterVersion) offered.push(v.clusterVersion);
    }
  }
  offered.sort(compareKubernetesVersions).reverse();
  if (offered.length === 0) {
    throw new Error(
      `EKS offers no Kubernetes versions in ${run.region} (DescribeClusterVersions returned none)`,
    );
  }
  if (!requested) return offered[0];
  if (!offered.includes(requested)) {
    throw new InputError(
      `kubernetesVersion must be one EKS offers in ${
        run.region
      }: ${offered.join(', ')} (got "${requested}")`,
    );
  }
  return requested;
}
