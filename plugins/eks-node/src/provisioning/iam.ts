import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  Role,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { checkOwnership } from './ownership';
import { ProvisioningRun } from './ProvisioningRun';
import {
  canonicalPolicy,
  parsePolicyDocument,
  PolicyDocument,
} from './policies';
import { CLUSTER_TAG, tagList, tagRecord } from './tags';
import { ifExists } from './waiters';

/** The IAM role of that name, or undefined when it does not exist. */
export async function findRole(
  run: ProvisioningRun,
  name: string,
): Promise<Role | undefined> {
  return (
    await ifExists(() =>
      run.aws.iam.send(new GetRoleCommand({ RoleName: name })),
    )
  )?.Role;
}

/**
 * The ownership check of a role of that name a run would create, when one
 * already exists (for refuseForeignResources); undefined when none does.
 */
export async function existingRoleCheck(
  run: ProvisioningRun,
  name: string,
): Promise<
  { existing: { resource: string; tags: Record<string, string> } } | undefined
> {
  const role = await findRole(run, name);
  return role
    ? { existing: { resource: `IAM role ${name}`, tags: tagRecord(role.Tags) } }
    : undefined;
}

/** What an IAM role should look like. @public */
export interface RoleSpec {
  name: string;
  description?: string;
  trustPolicy: PolicyDocument;
  managedPolicyArns?: string[];
  /** Inline policies by name. */
  inlinePolicies?: Record<string, PolicyDocument>;
  tags?: Record<string, string>;
  /**
   * The cluster the role is made for: an existing role of this name that
   * this request did not make is refused unless the run adopts (see
   * `checkOwnership`). Default: the `eks.backstage.io/cluster` tag of `tags`.
   */
  clusterName?: string;
}

/** The ARN a role of this name has in the run's account. @public */
export function roleArnFor(run: ProvisioningRun, name: string): string {
  return `arn:${partitionForRegion(run.region)}:iam::${
    run.accountId
  }:role/${name}`;
}

/** The name of a role from its ARN (the part after the last slash). @public */
export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Creates the role, or adopts it and corrects drift: the trust policy, missing
 * managed policies and inline policies that differ. Returns the role's ARN.
 *
 * @public
 */
export async function ensureRole(
  run: ProvisioningRun,
  spec: RoleSpec,
): Promise<string> {
  const { iam } = run.aws;
  const existing = await findRole(run, spec.name);
  let arn = existing?.Arn;
  const trustDiffers =
    existing !== undefined &&
    canonicalPolicy(parsePolicyDocument(existing.AssumeRolePolicyDocument)) !==
      canonicalPolicy(spec.trustPolicy);
  if (existing) {
    await checkRoleOwnership(run, spec, existing.Tags, trustDiffers);
  }
  if (!existing) {
    arn =
      (await run.change(
        { action: 'create', resource: `IAM role ${spec.name}` },
        ['iam-role', spec.name],
        async () => {
          const created = await iam.send(
            new CreateRoleCommand({
              RoleName: spec.name,
              Description: spec.description,
              AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
              Tags: spec.tags ? tagList(spec.tags) : undefined,
            }),
          );
          return created.Role?.Arn ?? roleArnFor(run, spec.name);
        },
      )) ?? roleArnFor(run, spec.name);
  } else {
    if (trustDiffers) {
      run.reportDrift(`IAM role ${spec.name} has a different trust policy`);
      await run.change(
        {
          action: 'update',
          resource: `IAM role ${spec.name}`,
          detail: 'trust policy',
        },
        ['iam-role-trust', spec.name],
        async () => {
          await iam.send(
            new UpdateAssumeRolePolicyCommand({
              RoleName: spec.name,
              PolicyDocument: JSON.stringify(spec.trustPolicy),
            }),
          );
        },
      );
    }
  }

  const attached = existing
    ? new Set(
        (
          await iam.send(
            new ListAttachedRolePoliciesCommand({ RoleName: spec.name }),
          )
        ).AttachedPolicies?.map(p => p.PolicyArn) ?? [],
      )
    : new Set<string | undefined>();
  for (const policyArn of spec.managedPolicyArns ?? []) {
    if (attached.has(policyArn)) continue;
    if (existing) {
      run.reportDrift(`IAM role ${spec.name} lacks the policy ${policyArn}`);
    }
    await run.change(
      {
        action: 'update',
        resource: `IAM role ${spec.name}`,
        detail: `attach ${policyArn}`,
      },
      ['iam-role-attach', spec.name, policyArn],
      async () => {
        await iam.send(
          new AttachRolePolicyCommand({
            RoleName: spec.name,
            PolicyArn: policyArn,
          }),
        );
      },
    );
  }

  for (const [policyName, document] of Object.entries(
    spec.inlinePolicies ?? {},
  )) {
    const current = existing
      ? await ifExists(() =>
          iam.send(
            new GetRolePolicyCommand({
              RoleName: spec.name,
              PolicyName: policyName,
            }),
          ),
        )
      : undefined;
    if (
      current &&
      canonicalPolicy(parsePolicyDocument(current.PolicyDocument)) ===
        canonicalPolicy(document)
    ) {
      continue;
    }
    if (current) {
      run.reportDrift(
        `IAM role ${spec.name}: inline policy ${policyName} differs`,
      );
    }
    await run.change(
      {
        action: 'update',
        resource: `IAM role ${spec.name}`,
        detail: `inline policy ${policyName}`,
      },
      ['iam-role-policy', spec.name, policyName],
      async () => {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: spec.name,
            PolicyName: policyName,
            PolicyDocument: JSON.stringify(document),
          }),
        );
      },
    );
  }
  return arn ?? roleArnFor(run, spec.name);
}

/**
 * The ownership rule for an existing role: the changes {@link ensureRole}
 * would make are listed in a refusal (trust policy, missing managed
 * policies, differing inline policies).
 */
async function checkRoleOwnership(
  run: ProvisioningRun,
  spec: RoleSpec,
  roleTags: { Key?: string; Value?: string }[] | undefined,
  trustDiffers: boolean,
): Promise<void> {
  const clusterName = spec.clusterName ?? spec.tags?.[CLUSTER_TAG];
  if (!clusterName) return;
  const tags = tagRecord(roleTags);
  const { iam } = run.aws;
  const changes: string[] = trustDiffers ? ['trust policy'] : [];
  const attached = new Set(
    (
      await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: spec.name }),
      )
    ).AttachedPolicies?.map(p => p.PolicyArn) ?? [],
  );
  for (const policyArn of spec.managedPolicyArns ?? []) {
    if (!attached.has(policyArn)) changes.push(`attach ${policyArn}`);
  }
  for (const [policyName, document] of Object.entries(
    spec.inlinePolicies ?? {},
  )) {
    const current = await ifExists(() =>
      iam.send(
        new GetRolePolicyCommand({
          RoleName: spec.name,
          PolicyName: policyName,
        }),
      ),
    );
    if (
      !current ||
      canonicalPolicy(parsePolicyDocument(current.PolicyDocument)) !==
        canonicalPolicy(document)
    ) {
      changes.push(`inline policy ${policyName}`);
    }
  }
  await checkOwnership(
    run,
    {
      resource: `IAM role ${spec.name}`,
      tags,
      writeTags: async ownTags => {
        await iam.send(
          new TagRoleCommand({ RoleName: spec.name, Tags: tagList(ownTags) }),
        );
      },
      keyParts: ['iam-role', spec.name],
    },
    { clusterName, changes },
  );
}

/**
 * Creates an instance profile holding the role, or adopts it and adds the
 * role when missing. Returns the profile's name.
 *
 * @public
 */
export async function ensureInstanceProfile(
  run: ProvisioningRun,
  opts: { name: string; roleName: string; tags?: Record<string, string> },
): Promise<string> {
  const { iam } = run.aws;
  const existing = await ifExists(() =>
    iam.send(new GetInstanceProfileCommand({ InstanceProfileName: opts.name })),
  );
  if (!existing?.InstanceProfile) {
    await run.change(
      { action: 'create', resource: `instance profile ${opts.name}` },
      ['instance-profile', opts.name],
      async () => {
        await iam.send(
          new CreateInstanceProfileCommand({
            InstanceProfileName: opts.name,
            Tags: opts.tags ? tagList(opts.tags) : undefined,
          }),
        );
      },
    );
  }
  const roles = existing?.InstanceProfile?.Roles?.map(r => r.RoleName) ?? [];
  if (!roles.includes(opts.roleName)) {
    if (existing?.InstanceProfile) {
      run.reportDrift(
        `instance profile ${opts.name} does not hold the role ${opts.roleName}`,
      );
    }
    await run.change(
      {
        action: 'update',
        resource: `instance profile ${opts.name}`,
        detail: `add role ${opts.roleName}`,
      },
      ['instance-profile-role', opts.name, opts.roleName],
      async () => {
        await iam.send(
          new AddRoleToInstanceProfileCommand({
            InstanceProfileName: opts.name,
            RoleName: opts.roleName,
          }),
        );
      },
    );
  }
  return opts.name;
}

/**
 * Deletes a role with its attachments, inline policies and instance profile
 * memberships. Returns false when the role did not exist.
 *
 * @public
 */
export async function deleteRole(
  run: ProvisioningRun,
  name: string,
  opts: { deleteInstanceProfiles?: boolean } = {},
): Promise<boolean> {
  const { iam } = run.aws;
  const existing = await findRole(run, name);
  if (!existing) return false;
  const attached =
    (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })))
      .AttachedPolicies ?? [];
  const inline =
    (await iam.send(new ListRolePoliciesCommand({ RoleName: name })))
      .PolicyNames ?? [];
  const profiles =
    (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name })))
      .InstanceProfiles ?? [];
  for (const policy of attached) {
    await run.change(
      {
        action: 'update',
        resource: `IAM role ${name}`,
        detail: `detach ${policy.PolicyArn}`,
      },
      ['iam-role-detach', name, policy.PolicyArn ?? ''],
      async () => {
        await iam.send(
          new DetachRolePolicyCommand({
            RoleName: name,
            PolicyArn: policy.PolicyArn,
          }),
        );
      },
    );
  }
  for (const policyName of inline) {
    await run.change(
      {
        action: 'delete',
        resource: `IAM role ${name} inline policy ${policyName}`,
      },
      ['iam-role-policy', name, policyName],
      async () => {
        await iam.send(
          new DeleteRolePolicyCommand({
            RoleName: name,
            PolicyName: policyName,
          }),
        );
      },
    );
  }
  for (const profile of profiles) {
    const profileName = profile.InstanceProfileName ?? '';
    await run.change(
      {
        action: 'update',
        resource: `instance profile ${profileName}`,
        detail: `remove role ${name}`,
      },
      ['instance-profile-role', profileName, name],
      async () => {
        await iam.send(
          new RemoveRoleFromInstanceProfileCommand({
            InstanceProfileName: profileName,
            RoleName: name,
          }),
        );
      },
    );
    if (opts.deleteInstanceProfiles) {
      await run.change(
        { action: 'delete', resource: `instance profile ${profileName}` },
        ['instance-profile', profileName],
        async () => {
          await iam.send(
            new DeleteInstanceProfileCommand({
              InstanceProfileName: profileName,
            }),
          );
        },
      );
    }
  }
  await run.change(
    { action: 'delete', resource: `IAM role ${name}` },
    ['iam-role', name],
    async () => {
      await iam.send(new DeleteRoleCommand({ RoleName: name }));
    },
  );
  return true;
}
