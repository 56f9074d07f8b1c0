import { GetRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { roleNameFromArn } from '../iam';
import { InputError } from '@backstage/errors';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/**
 * IAM of another account, with the portal's credentials for it (its
 * `aws.accounts` entry); rejects when the portal has none.
 *
 * @public
 */
export type AccountIam = (accountId: string) => Promise<IAMClient>;

/** The whole ARN of the role or user an ARN names, as IAM reads it. */
async function principalArnIn(
  iam: IAMClient,
  arn: string,
): Promise<string | undefined> {
  const name = roleNameFromArn(arn);
  if (arn.split(':')[5]?.startsWith('role/')) {
    return (
      await ifExists(() => iam.send(new GetRoleCommand({ RoleName: name })))
    )?.Role?.Arn;
  }
  return (
    await ifExists(() => iam.send(new GetUserCommand({ UserName: name })))
  )?.User?.Arn;
}

/**
 * Access entries need existing principals: checks each role or user ARN
 * exists (iam:GetRole / iam:GetUser), comparing the whole ARN since the name
 * alone could match a principal under another path or account.
 *
 * A principal in another account is allowed (a STANDARD access entry takes
 * one of any account in the partition). It is read in its own account when
 * the portal has credentials for it (`accountIam`); otherwise that is
 * noted, and EKS checks it when the access entry is created.
 *
 * @public
 */
export async function checkPrincipalsExist(
  run: ProvisioningRun,
  field: string,
  principalArns: readonly string[],
  accountIam?: AccountIam,
): Promise<void> {
  for (const [index, arn] of principalArns.entries()) {
    const account = arn.split(':')[4];
    let iam: IAMClient | undefined = run.aws.iam;
    if (run.accountId && account !== run.accountId) {
      iam = accountIam
        ? await accountIam(account).catch(() => undefined)
        : undefined;
      if (!iam) {
        run.note(
          `${field}[${index}] ${arn} is in account ${account}, not the cluster's ${run.accountId}: its access entry is STANDARD (the only type that takes another account's principal); the portal has no credentials for account ${account}, so EKS checks that the principal exists when the entry is created`,
        );
        continue;
      }
    }
    if ((await principalArnIn(iam, arn)) !== arn) {
      const isRole = arn.split(':')[5]?.startsWith('role/');
      throw new InputError(
        `${field}[${index}] must name an existing IAM ${
          isRole ? 'role' : 'user'
        }: ${arn} does not exist`,
      );
    }
  }
}
