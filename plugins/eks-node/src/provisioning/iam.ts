import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
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

/** How an existing role differs from its spec: what {@link ensureRole} changes. */
interface RoleDrift {
  trustDiffers: boolean;
  /** Managed policies of the spec the role lacks. */
  missingPolicyArns: string[];
  /** Inline policies of the spec the role lacks or holds otherwise. */
  inlinePolicies: { name: string; document: PolicyDocument; exists: boolean }[];
}

/** Reads how an existing role differs from the spec (no drift for a new one). */
async function roleDrift(
  run: ProvisioningRun,
  spec: RoleSpec,
  existing: Role | undefined,
): Promise<RoleDrift> {
  const inline = Object.entries(spec.inlinePolicies ?? {});
  if (!existing) {
    return {
      trustDiffers: false,
      missingPolicyArns: spec.managedPolicyArns ?? [],
      inlinePolicies: inline.map(([name, document]) => ({
        name,
        document,
        exists: false,
      })),
    };
  }
  const { iam } = run.aws;
  const attached = new Set(
    (
      await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: spec.name }),
      )
    ).AttachedPolicies?.map(p => p.PolicyArn) ?? [],
  );
  const inlinePolicies: RoleDrift['inlinePolicies'] = [];
  for (const [name, document] of inline) {
    const current = await ifExists(() =>
      iam.send(
        new GetRolePolicyCommand({ RoleName: spec.name, PolicyName: name }),
      ),
    );
    if (!current || !samePolicy(current.PolicyDocument, document)) {
      inlinePolicies.push({ name, document, exists: Boolean(current) });
    }
  }
  return {
    trustDiffers: !samePolicy(
      existing.AssumeRolePolicyDocument,
      spec.trustPolicy,
    ),
    missingPolicyArns: (spec.managedPolicyArns ?? []).filter(
      arn => !attached.has(arn),
    ),
    inlinePolicies,
  };
}

function samePolicy(text: string | undefined, wanted: PolicyDocument) {
  return canonicalPolicy(parsePolicyDocument(text)) === canonicalPolicy(wanted);
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
  const existing = await findRole(run, spec.name);
  const drift = await roleDrift(run, spec, existing);
  if (existing) {
    await checkRoleOwnership(run, spec, existing.Tags, drift);
  }
  const arn = existing ? existing.Arn : await createRole(run, spec);
  if (drift.trustDiffers) {
    run.reportDrift(`IAM role ${spec.name} has a different trust policy`);
    await roleChange(run, spec.name, 'trust policy', ['iam-role-trust'], iam =>
      iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: spec.name,
          PolicyDocument: JSON.stringify(spec.trustPolicy),
        }),
      ),
    );
  }
  for (const policyArn of drift.missingPolicyArns) {
    if (existing) {
      run.reportDrift(`IAM role ${spec.name} lacks the policy ${policyArn}`);
    }
    await roleChange(
      run,
      spec.name,
      `attach ${policyArn}`,
      ['iam-role-attach', policyArn],
      iam =>
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: spec.name,
            PolicyArn: policyArn,
          }),
        ),
    );
  }
  for (const { name, document, exists } of drift.inlinePolicies) {
    if (exists) {
      run.reportDrift(`IAM role ${spec.name}: inline policy ${name} differs`);
    }
    await roleChange(
      run,
      spec.name,
      `inline policy ${name}`,
      ['iam-role-policy', name],
      iam =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: spec.name,
            PolicyName: name,
            PolicyDocument: JSON.stringify(document),
          }),
        ),
    );
  }
  return arn ?? roleArnFor(run, spec.name);
}

async function createRole(run: ProvisioningRun, spec: RoleSpec) {
  return (
    (await run.change(
      { action: 'create', resource: `IAM role ${spec.name}` },
      ['iam-role', spec.name],
      async () => {
        const created = await run.aws.iam.send(
          new CreateRoleCommand({
            RoleName: spec.name,
            Description: spec.description,
            AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
            Tags: spec.tags ? tagList(spec.tags) : undefined,
          }),
        );
        return created.Role?.Arn ?? roleArnFor(run, spec.name);
      },
    )) ?? roleArnFor(run, spec.name)
  );
}

/** An update of a role: `key` is the checkpoint key's kind and names. */
async function roleChange(
  run: ProvisioningRun,
  roleName: string,
  detail: string,
  [kind, ...names]: string[],
  call: (iam: ProvisioningRun['aws']['iam']) => Promise<unknown>,
): Promise<void> {
  await run.change(
    { action: 'update', resource: `IAM role ${roleName}`, detail },
    [kind, roleName, ...names],
    async () => {
      await call(run.aws.iam);
    },
  );
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
  drift: RoleDrift,
): Promise<void> {
  const clusterName = spec.clusterName ?? spec.tags?.[CLUSTER_TAG];
  if (!clusterName) return;
  const changes = [
    ...(drift.trustDiffers ? ['trust policy'] : []),
    ...drift.missingPolicyArns.map(arn => `attach ${arn}`),
    ...drift.inlinePolicies.map(p => `inline policy ${p.name}`),
  ];
  await checkOwnership(
    run,
    {
      resource: `IAM role ${spec.name}`,
      tags: tagRecord(roleTags),
      writeTags: async ownTags => {
        await run.aws.iam.send(
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
