import { GetUserCommand } from '@aws-sdk/client-iam';
import { findRole, roleNameFromArn } from '../iam';
import { InputError } from '@backstage/errors';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/**
 * Access entries need existing principals: checks each role or user ARN
 * exists (iam:GetRole / iam:GetUser), comparing the whole ARN since the name
 * alone could match a principal under another path or account.
 *
 * A principal in another account is allowed (a STANDARD access entry takes
 * one of any account in the partition) but cannot be read with the target
 * account's credentials: it is noted, and EKS checks it when the access
 * entry is created.
 *
 * @public
 */
export async function checkPrincipalsExist(
  run: ProvisioningRun,
  field: string,
  principalArns: readonly string[],
): Promise<void> {
  for (const [index, arn] of principalArns.entries()) {
    const account = arn.split(':')[4];
    if (run.accountId && account !== run.accountId) {
      run.note(
        `${field}[${index}] ${arn} is in account ${account}, not the cluster's ${run.accountId}: its access entry is STANDARD (the only type that takes another account's principal), and EKS checks that the principal exists when the entry is created`,
      );
      continue;
    }
    const name = roleNameFromArn(arn);
    const isRole = arn.split(':')[5]?.startsWith('role/');
    const found = isRole
      ? await findRole(run, name)
      : (
          await ifExists(() =>
            run.aws.iam.send(new GetUserCommand({ UserName: name })),
          )
        )?.User;
    if (found?.Arn !== arn) {
      throw new InputError(
        `${field}[${index}] must name an existing IAM ${
          isRole ? 'role' : 'user'
        }: ${arn} does not exist`,
      );
    }
  }
}
