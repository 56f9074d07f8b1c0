import {
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
  PodIdentityAssociation,
  TagResourceCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { existingRoleCheck } from '../iam';
import { checkOwnership, refuseForeignResources } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';

/** Which service account's association, on which cluster. */
export interface AssociationTarget {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
}

/** The association of a service account (EKS allows one), described. */
export async function findPodIdentityAssociation(
  run: ProvisioningRun,
  { clusterName, namespace, serviceAccount }: AssociationTarget,
): Promise<PodIdentityAssociation | undefined> {
  const { eks } = run.aws;
  const summary = (
    await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName,
        namespace,
        serviceAccount,
      }),
    )
  ).associations?.[0];
  if (!summary) return undefined;
  const associationId = summary.associationId ?? '';
  const described = (
    await eks.send(
      new DescribePodIdentityAssociationCommand({ clusterName, associationId }),
    )
  ).association;
  // the summary's id and ARN stand even when the description lacks them
  return {
    ...described,
    associationId,
    associationArn: summary.associationArn ?? '',
  };
}

/** The change re-pointing an association to another role would be. */
function repointing(
  current: PodIdentityAssociation,
  roleArn: string,
): string[] {
  return current.roleArn !== roleArn
    ? [`re-point it from ${current.roleArn} to ${roleArn}`]
    : [];
}

/**
 * The ownership rule for a Pod Identity request, before its first write: an
 * association of the service account that another made and that points at
 * another role, and the role to create when another made one of its name,
 * are refused together (unless the run adopts).
 */
export async function refuseForeignPodIdentity(
  run: ProvisioningRun,
  opts: AssociationTarget & {
    roleArn: string;
    newRoleName?: string;
    clusterExists: boolean;
  },
): Promise<void> {
  const { namespace, serviceAccount } = opts;
  const checks: Parameters<typeof refuseForeignResources>[2] = [];
  const current = opts.clusterExists
    ? await findPodIdentityAssociation(run, opts)
    : undefined;
  if (current) {
    checks.push({
      existing: {
        resource: `Pod Identity association ${namespace}/${serviceAccount}`,
        tags: current.tags,
      },
      opts: { changes: repointing(current, opts.roleArn), useAsIs: true },
    });
  }
  if (opts.newRoleName) {
    const check = await existingRoleCheck(run, opts.newRoleName);
    if (check) checks.push(check);
  }
  refuseForeignResources(run, opts.clusterName, checks);
}

/**
 * Continues with an existing association: the ownership rule (never
 * re-points one someone else made, unless adopting), then its role
 * corrected to the wanted one.
 */
async function correctAssociation(
  run: ProvisioningRun,
  current: PodIdentityAssociation,
  opts: AssociationTarget & { roleArn: string },
): Promise<void> {
  const { eks } = run.aws;
  const { clusterName, namespace, serviceAccount, roleArn } = opts;
  const resource = `Pod Identity association ${namespace}/${serviceAccount}`;
  const associationArn = current.associationArn ?? '';
  await checkOwnership(
    run,
    {
      resource,
      tags: current.tags,
      writeTags: associationArn
        ? async ownTags => {
            await eks.send(
              new TagResourceCommand({
                resourceArn: associationArn,
                tags: ownTags,
              }),
            );
          }
        : undefined,
      keyParts: ['pod-identity', clusterName, namespace, serviceAccount],
    },
    { clusterName, changes: repointing(current, roleArn), useAsIs: true },
  );
  if (current.roleArn === roleArn) return;
  run.reportRequestedChange(
    `${resource} uses ${current.roleArn}, not ${roleArn}`,
  );
  await run.change(
    { action: 'update', resource, detail: `role ${roleArn}` },
    ['pod-identity-update', clusterName, namespace, serviceAccount, roleArn],
    async () => {
      await eks.send(
        new UpdatePodIdentityAssociationCommand({
          clusterName,
          associationId: current.associationId ?? '',
          roleArn,
        }),
      );
    },
  );
}

/**
 * Creates the Pod Identity association of a namespace/service account, or
 * continues with it and corrects its role; one this request did not make is
 * used as it is when its role is the wanted one and otherwise refused (it is
 * re-pointed only when the run adopts; see `checkOwnership`).
 *
 * @public
 */
export async function ensurePodIdentityAssociation(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    namespace: string;
    serviceAccount: string;
    roleArn: string;
    tags: Record<string, string>;
    clusterMissing?: boolean;
  },
): Promise<{ associationArn: string; associationId: string }> {
  const { clusterName, namespace, serviceAccount, roleArn, tags } = opts;
  const current = opts.clusterMissing
    ? undefined
    : await findPodIdentityAssociation(run, opts);
  if (current) {
    await correctAssociation(run, current, opts);
    return {
      associationArn: current.associationArn ?? '',
      associationId: current.associationId ?? '',
    };
  }
  const created = await run.change(
    {
      action: 'create',
      resource: `Pod Identity association ${namespace}/${serviceAccount}`,
      detail: `role ${roleArn}`,
    },
    ['pod-identity', clusterName, namespace, serviceAccount],
    async () => {
      const response = await run.aws.eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName,
          namespace,
          serviceAccount,
          roleArn,
          tags,
        }),
      );
      return {
        arn: response.association?.associationArn ?? '',
        id: response.association?.associationId ?? '',
      };
    },
  );
  return {
    associationArn: created?.arn ?? '',
    associationId: created?.id ?? '',
  };
}
