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
 * @public
 */
export async function checkPrincipalsExist(
  run: ProvisioningRun,
  field: string,
  principalArns: readonly string[],
): Promise<void> {
  for (const [index, arn] of principalArns.entries()) {
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
