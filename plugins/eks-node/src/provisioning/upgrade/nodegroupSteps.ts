import {
  DescribeNodegroupCommand,
  Nodegroup,
  paginateListNodegroups,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  inProgressVersionUpdate,
  requestToken,
  waitForUpdate,
} from './eksUpdates';
import type { VersionChange } from './types';

/** The managed node groups of a cluster, as EKS describes them. */
export async function managedNodegroups(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Nodegroup[]> {
  const names: string[] = [];
  for await (const page of paginateListNodegroups(
    { client: run.aws.eks },
    { clusterName },
  )) {
    names.push(...(page.nodegroups ?? []));
  }
  const groups = await Promise.all(
    names.map(
      async nodegroupName =>
        (
          await run.aws.eks.send(
            new DescribeNodegroupCommand({ clusterName, nodegroupName }),
          )
        ).nodegroup,
    ),
  );
  return groups.filter((g): g is Nodegroup => g !== undefined);
}

/**
 * Why EKS cannot move a node group to a Kubernetes version by
 * UpdateNodegroupVersion, or undefined when it can: a custom AMI (its
 * launch template names the AMI; a new launch template version with an
 * AMI for the version is the way), or an Amazon Linux 2 AMI type for 1.33
 * and later (EKS publishes no AL2 AMIs for them).
 */
export function nodegroupVersionProblem(
  ng: Nodegroup,
  version: string,
): string | undefined {
  if (ng.amiType === 'CUSTOM') {
    return `node group ${ng.nodegroupName} runs a custom AMI from its launch template: EKS cannot change its version; create a launch template version with an AMI for Kubernetes ${version} and update the node group to it`;
  }
  const minor = Number(version.split('.')[1]);
  if (ng.amiType?.startsWith('AL2_') && minor >= 33) {
    return `node group ${ng.nodegroupName} uses the Amazon Linux 2 AMI type ${ng.amiType}, and EKS publishes no Amazon Linux 2 AMIs for Kubernetes 1.33 and later: replace it with a node group of an AL2023 or Bottlerocket AMI type before upgrading`;
  }
  return undefined;
}

/** How a node group replaces its nodes (its updateConfig), in words. */
export function updateConfigText(ng: Nodegroup): string {
  const c = ng.updateConfig;
  let unavailable = '1 node at a time';
  if (c?.maxUnavailable !== undefined) {
    unavailable = `${c.maxUnavailable} node${
      c.maxUnavailable === 1 ? '' : 's'
    } at a time`;
  } else if (c?.maxUnavailablePercentage !== undefined) {
    unavailable = `${c.maxUnavailablePercentage}% of its nodes at a time`;
  }
  return `${unavailable}${
    c?.updateStrategy ? `, ${c.updateStrategy} strategy` : ''
  }`;
}

/**
 * Moves a managed node group to a Kubernetes version (UpdateNodegroupVersion
 * with the version: EKS picks the latest AMI release for it and replaces
 * the nodes as the node group's updateConfig says), and waits for the
 * update. A checkpointed change; a resumed task that finds the update
 * running waits for it instead of asking again. `force` replaces nodes
 * whose pods a PodDisruptionBudget keeps from being evicted.
 */
export async function updateNodegroupVersion(
  run: ProvisioningRun,
  clusterName: string,
  ng: Nodegroup,
  version: string,
  force: boolean,
): Promise<VersionChange | undefined> {
  const nodegroupName = ng.nodegroupName ?? '';
  const from = ng.version ?? '';
  if (from === version) return undefined;
  const scope = { clusterName, nodegroupName };
  const updateId = await run.change(
    {
      action: 'update',
      resource: `node group ${nodegroupName}`,
      detail: `Kubernetes ${from} -> ${version}, ${updateConfigText(ng)}${
        force ? ', force' : ''
      }`,
    },
    ['nodegroup-version', clusterName, nodegroupName, version],
    async () => {
      const running = await inProgressVersionUpdate(run, scope, version);
      if (running?.id) return running.id;
      const now = (
        await run.aws.eks.send(
          new DescribeNodegroupCommand({ clusterName, nodegroupName }),
        )
      ).nodegroup;
      if (now?.version === version) return '';
      const out = await run.aws.eks.send(
        new UpdateNodegroupVersionCommand({
          clusterName,
          nodegroupName,
          version,
          force: force || undefined,
          clientRequestToken: requestToken(
            run,
            'nodegroup-version',
            clusterName,
            nodegroupName,
            version,
          ),
        }),
      );
      return out.update?.id ?? '';
    },
  );
  if (!run.dryRun && updateId) {
    await waitForUpdate(
      run,
      scope,
      updateId,
      `the update of node group ${nodegroupName} to Kubernetes ${version}`,
    );
  }
  return { name: nodegroupName, from, to: version };
}
