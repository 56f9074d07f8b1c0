import {
  Cluster,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  FargateProfile,
  paginateListFargateProfiles,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { wildcardMatches } from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';

async function fargateProfiles(
  run: ProvisioningRun,
  clusterName: string,
): Promise<FargateProfile[]> {
  const { eks } = run.aws;
  const profiles: FargateProfile[] = [];
  for await (const page of paginateListFargateProfiles(
    { client: eks },
    { clusterName },
  )) {
    for (const fargateProfileName of page.fargateProfileNames ?? []) {
      const { fargateProfile } = await eks.send(
        new DescribeFargateProfileCommand({ clusterName, fargateProfileName }),
      );
      if (fargateProfile) profiles.push(fargateProfile);
    }
  }
  return profiles;
}

/**
 * Refuses a namespace whose pods a Fargate profile takes (Fargate runs no
 * DaemonSets, so no agent); notes one that takes only its pods with given
 * labels.
 */
export async function checkNotOnFargate(
  run: ProvisioningRun,
  clusterName: string,
  namespace: string,
): Promise<void> {
  for (const profile of await fargateProfiles(run, clusterName)) {
    const profileName = profile.fargateProfileName;
    for (const selector of profile.selectors ?? []) {
      if (
        !selector.namespace ||
        !wildcardMatches(selector.namespace, namespace)
      )
        continue;
      const labels = Object.entries(selector.labels ?? {});
      if (labels.length === 0) {
        throw new InputError(
          `namespace "${namespace}" runs on Fargate (profile ${profileName}, selector "${selector.namespace}"): EKS Pod Identity does not work on Fargate, because Fargate runs no DaemonSets and the eks-pod-identity-agent is one. Use IRSA for this namespace, or move it off Fargate`,
        );
      }
      run.note(
        `Pods in ${namespace} labelled ${labels
          .map(([k, v]) => `${k}=${v}`)
          .join(
            ',',
          )} run on Fargate (profile ${profileName}); Pod Identity does not work for them`,
      );
    }
  }
}

/**
 * Refuses a cluster whose only node groups run Windows (the agent runs on
 * Linux nodes only); notes a cluster where some do. Auto Mode clusters and
 * clusters without node groups pass.
 */
export async function checkNotWindowsOnly(
  run: ProvisioningRun,
  cluster: Cluster,
): Promise<void> {
  if (cluster.computeConfig?.enabled) return;
  const { eks } = run.aws;
  const clusterName = cluster.name ?? '';
  const nodegroupNames: string[] = [];
  for await (const page of paginateListNodegroups(
    { client: eks },
    { clusterName },
  )) {
    nodegroupNames.push(...(page.nodegroups ?? []));
  }
  if (nodegroupNames.length === 0) return;
  const amiTypes = await Promise.all(
    nodegroupNames.map(
      async nodegroupName =>
        (
          await eks.send(
            new DescribeNodegroupCommand({ clusterName, nodegroupName }),
          )
        ).nodegroup?.amiType ?? '',
    ),
  );
  if (amiTypes.every(t => t.startsWith('WINDOWS'))) {
    throw new InputError(
      `clusterName "${clusterName}" has only Windows node groups (${nodegroupNames.join(
        ', ',
      )}): the EKS Pod Identity agent runs on Linux nodes only. Add a Linux node group or use IRSA`,
    );
  }
  if (amiTypes.some(t => t.startsWith('WINDOWS'))) {
    run.note(
      'Some node groups run Windows: pods scheduled there get no Pod Identity credentials; keep the workload on Linux nodes (nodeSelector kubernetes.io/os: linux)',
    );
  }
}

/**
 * Refuses where Pod Identity cannot work, explaining why: Fargate profiles
 * that take the namespace's pods (Fargate runs no DaemonSets, so no agent),
 * and clusters whose only node groups run Windows.
 *
 * @public
 */
export async function checkPodIdentitySupported(
  run: ProvisioningRun,
  cluster: Cluster,
  namespace: string,
): Promise<void> {
  await checkNotOnFargate(run, cluster.name ?? '', namespace);
  await checkNotWindowsOnly(run, cluster);
}
