import {
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
  PodIdentityAssociation,
  TagResourceCommand,
  UpdatePodIdentityAssociationCommand,
  UpdatePodIdentityAssociationCommandInput,
} from '@aws-sdk/client-eks';
import { canonicalPolicy } from '../policies';
import { existingRoleCheck } from '../iam';
import { checkOwnership, refuseForeignResources } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * What an association should hold besides its role: a target role to chain
 * to, session tags off, an inline session policy (JSON). Unset: none.
 */
export interface AssociationSettings {
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  sessionPolicy?: string;
}

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

/** Two session policies alike (JSON compared by value); none alike none. */
function samePolicyText(a: string | undefined, b: string | undefined) {
  if (!a || !b) return !a && !b;
  try {
    return canonicalPolicy(JSON.parse(a)) === canonicalPolicy(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/**
 * The fields of UpdatePodIdentityAssociation that would bring an
 * association to the wanted settings (none when it holds them), with the
 * change each is in words.
 */
export function associationDrift(
  current: PodIdentityAssociation,
  wanted: AssociationSettings,
): {
  changes: string[];
  update: Partial<
    Pick<
      UpdatePodIdentityAssociationCommandInput,
      'roleArn' | 'targetRoleArn' | 'disableSessionTags' | 'policy'
    >
  >;
} {
  const changes: string[] = [];
  const update: ReturnType<typeof associationDrift>['update'] = {};
  if (current.roleArn !== wanted.roleArn) {
    changes.push(`re-point it from ${current.roleArn} to ${wanted.roleArn}`);
    update.roleArn = wanted.roleArn;
  }
  if ((current.targetRoleArn ?? '') !== (wanted.targetRoleArn ?? '')) {
    changes.push(
      wanted.targetRoleArn
        ? `target role ${current.targetRoleArn ?? '(none)'} -> ${
            wanted.targetRoleArn
          }`
        : `remove the target role ${current.targetRoleArn}`,
    );
    update.targetRoleArn = wanted.targetRoleArn ?? '';
  }
  const disable = wanted.disableSessionTags ?? false;
  if ((current.disableSessionTags ?? false) !== disable) {
    changes.push(disable ? 'disable session tags' : 'enable session tags');
    update.disableSessionTags = disable;
  }
  if (!samePolicyText(current.policy, wanted.sessionPolicy)) {
    changes.push(
      wanted.sessionPolicy ? 'session policy' : 'remove the session policy',
    );
    update.policy = wanted.sessionPolicy ?? '';
  }
  return { changes, update };
}

/**
 * The ownership rule for a Pod Identity request, before its first write: an
 * association of the service account that another made and that points at
 * another role, and the role to create when another made one of its name,
 * are refused together (unless the run adopts).
 */
export async function refuseForeignPodIdentity(
  run: ProvisioningRun,
  opts: AssociationTarget &
    AssociationSettings & {
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
      opts: { changes: associationDrift(current, opts).changes, useAsIs: true },
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
 * changes one someone else made, unless adopting), then its role, target
 * role, session tags and session policy corrected to the wanted ones.
 */
async function correctAssociation(
  run: ProvisioningRun,
  current: PodIdentityAssociation,
  opts: AssociationTarget & AssociationSettings,
): Promise<void> {
  const { eks } = run.aws;
  const { clusterName, namespace, serviceAccount } = opts;
  const { changes, update } = associationDrift(current, opts);
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
    { clusterName, changes, useAsIs: true },
  );
  if (changes.length === 0) return;
  run.reportRequestedChange(`${resource}: ${changes.join(', ')}`);
  await run.change(
    { action: 'update', resource, detail: changes.join(', ') },
    [
      'pod-identity-update',
      clusterName,
      namespace,
      serviceAccount,
      JSON.stringify(update),
    ],
    async () => {
      await eks.send(
        new UpdatePodIdentityAssociationCommand({
          clusterName,
          associationId: current.associationId ?? '',
          ...update,
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
  opts: AssociationTarget &
    AssociationSettings & {
      tags: Record<string, string>;
      clusterMissing?: boolean;
    },
): Promise<{
  associationArn: string;
  associationId: string;
  /** The sts:ExternalId EKS passes to the target role (EKS's value). */
  externalId?: string;
}> {
  const { clusterName, namespace, serviceAccount, roleArn, tags } = opts;
  const current = opts.clusterMissing
    ? undefined
    : await findPodIdentityAssociation(run, opts);
  if (current) {
    await correctAssociation(run, current, opts);
    return {
      associationArn: current.associationArn ?? '',
      associationId: current.associationId ?? '',
      externalId: current.externalId,
    };
  }
  const settings = [
    opts.targetRoleArn ? `target role ${opts.targetRoleArn}` : undefined,
    opts.disableSessionTags ? 'session tags disabled' : undefined,
    opts.sessionPolicy ? 'a session policy' : undefined,
  ].filter(Boolean);
  const created = await run.change(
    {
      action: 'create',
      resource: `Pod Identity association ${namespace}/${serviceAccount}`,
      detail: [`role ${roleArn}`, ...settings].join(', '),
    },
    ['pod-identity', clusterName, namespace, serviceAccount],
    async () => {
      const response = await run.aws.eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName,
          namespace,
          serviceAccount,
          roleArn,
          targetRoleArn: opts.targetRoleArn,
          disableSessionTags: opts.disableSessionTags,
          policy: opts.sessionPolicy,
          tags,
        }),
      );
      return {
        arn: response.association?.associationArn ?? '',
        id: response.association?.associationId ?? '',
        externalId: response.association?.externalId,
      };
    },
  );
  return {
    associationArn: created?.arn ?? '',
    associationId: created?.id ?? '',
    externalId: created?.externalId,
  };
}
