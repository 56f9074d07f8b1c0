import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { findRole } from './iam';
import { ProvisioningRun } from './ProvisioningRun';

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
  for (const { PolicyArn: policyArn } of attached) {
    await run.change(
      {
        action: 'update',
        resource: `IAM role ${name}`,
        detail: `detach ${policyArn}`,
      },
      ['iam-role-detach', name, policyArn ?? ''],
      async () => {
        await iam.send(
          new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }),
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
    await leaveInstanceProfile(
      run,
      name,
      profile.InstanceProfileName ?? '',
      opts.deleteInstanceProfiles ?? false,
    );
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

/** Takes the role out of an instance profile, and deletes it when asked. */
async function leaveInstanceProfile(
  run: ProvisioningRun,
  roleName: string,
  profileName: string,
  deleteProfile: boolean,
): Promise<void> {
  const { iam } = run.aws;
  await run.change(
    {
      action: 'update',
      resource: `instance profile ${profileName}`,
      detail: `remove role ${roleName}`,
    },
    ['instance-profile-role', profileName, roleName],
    async () => {
      await iam.send(
        new RemoveRoleFromInstanceProfileCommand({
          InstanceProfileName: profileName,
          RoleName: roleName,
        }),
      );
    },
  );
  if (!deleteProfile) return;
  await run.change(
    { action: 'delete', resource: `instance profile ${profileName}` },
    ['instance-profile', profileName],
    async () => {
      await iam.send(
        new DeleteInstanceProfileCommand({ InstanceProfileName: profileName }),
      );
    },
  );
}
