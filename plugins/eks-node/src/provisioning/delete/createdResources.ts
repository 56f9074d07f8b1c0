import {
  DeleteLaunchTemplateCommand,
  LaunchTemplate,
  paginateDescribeLaunchTemplates,
} from '@aws-sdk/client-ec2';
import { findRole } from '../iam';
import { deleteRole } from '../roleDeletion';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG } from '../tags';
import { AssociationRole } from './eksChildren';

/** Something the deletion kept on purpose, and why. @public */
export interface KeptResource {
  resource: string;
  reason: string;
}

/**
 * The roles of Pod Identity associations that are not deleted with the
 * cluster, with the reason: a workload's (reusable on other clusters), and
 * Karpenter's controller role unless Karpenter's resources are deleted.
 * Roles of associations an add-on owns, and the candidates, are not listed.
 */
export function keptAssociationRoles(
  associationRoles: AssociationRole[],
  candidates: Set<string>,
  karpenterRoles: string[],
  karpenterDeleted: boolean,
): KeptResource[] {
  const kept: KeptResource[] = [];
  for (const association of associationRoles) {
    if (association.ownerArn || candidates.has(association.roleName)) continue;
    if (karpenterRoles.includes(association.roleName)) {
      if (!karpenterDeleted) {
        kept.push({
          resource: `IAM role ${association.roleName}`,
          reason: `Karpenter's controller role: deleted only with "Also delete Karpenter's AWS resources"`,
        });
      }
      continue;
    }
    kept.push({
      resource: `IAM role ${association.roleName}`,
      reason: `the role of the Pod Identity association for ${association.namespace}/${association.serviceAccount} (a workload's role, e.g. made by the "Pod Identity for a workload" template): it can be reused on other clusters, so it is not deleted with this one`,
    });
  }
  return kept;
}

/** Deletes each candidate role tagged for the cluster; keeps the others. */
async function deleteClusterRoles(
  run: ProvisioningRun,
  clusterName: string,
  candidates: Set<string>,
): Promise<KeptResource[]> {
  const kept: KeptResource[] = [];
  for (const name of candidates) {
    const role = await findRole(run, name);
    if (!role) continue;
    const ours = role.Tags?.some(
      t => t.Key === CLUSTER_TAG && t.Value === clusterName,
    );
    if (ours) {
      await deleteRole(run, name, { deleteInstanceProfiles: true });
    } else {
      kept.push({
        resource: `IAM role ${name}`,
        reason: `not tagged ${CLUSTER_TAG}=${clusterName}: not made with this cluster`,
      });
    }
  }
  return kept;
}

async function deleteLaunchTemplates(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  const { ec2 } = run.aws;
  const templates: LaunchTemplate[] = [];
  for await (const page of paginateDescribeLaunchTemplates(
    { client: ec2 },
    { Filters: [{ Name: `tag:${CLUSTER_TAG}`, Values: [clusterName] }] },
  )) {
    templates.push(...(page.LaunchTemplates ?? []));
  }
  for (const template of templates) {
    const id = template.LaunchTemplateId ?? '';
    await run.change(
      {
        action: 'delete',
        resource: `launch template ${template.LaunchTemplateName}`,
      },
      ['launch-template', id],
      async () => {
        await ec2.send(
          new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }),
        );
      },
    );
  }
}

/**
 * Deletes what was made with the cluster and returns what it kept on
 * purpose: the cluster and node roles, the add-ons' Pod Identity roles
 * (associations an add-on owns) and launch templates, each only when tagged
 * for this cluster; the roles of other associations (a workload's, made by
 * aws:eks:pod-identity:create, or anyone's) are kept.
 */
export async function deleteCreatedResources(
  run: ProvisioningRun,
  clusterName: string,
  associationRoles: AssociationRole[],
  karpenterRoles: string[],
  karpenterDeleted: boolean,
): Promise<KeptResource[]> {
  const candidates = new Set([
    `${clusterName}-cluster`.slice(0, 64),
    `${clusterName}-node`.slice(0, 64),
    ...associationRoles.filter(a => a.ownerArn).map(a => a.roleName),
  ]);
  const kept = keptAssociationRoles(
    associationRoles,
    candidates,
    karpenterRoles,
    karpenterDeleted,
  );
  kept.push(...(await deleteClusterRoles(run, clusterName, candidates)));
  await deleteLaunchTemplates(run, clusterName);
  return kept;
}
