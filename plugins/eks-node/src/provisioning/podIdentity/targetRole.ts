import {
  GetRoleCommand,
  IAMClient,
  Role,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { InputError } from '@backstage/errors';
import {
  canonicalPolicy,
  parsePolicyDocument,
  PolicyDocument,
  PolicyStatement,
} from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';
import { roleNameFromArn } from '../iam';

/**
 * Cross-account role chaining of EKS Pod Identity (an association's
 * `targetRoleArn`): the association's role assumes the target role, passing
 * the association's external id, which the target role's trust policy
 * should require so that only this association can assume it ("Access AWS
 * Resources using EKS Pod Identity Target IAM Roles", EKS user guide).
 */

/** Where an association is: what its external id is made of. */
export interface TargetRoleAssociation {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
}

/**
 * The external id of an association, as EKS forms it:
 * `region/account/cluster/namespace/service-account` (the user guide's
 * trust policy example). EKS returns it as the association's `externalId`;
 * this is for a dry run, where no association exists yet.
 *
 * @public
 */
export function podIdentityExternalId(
  target: { region: string; accountId: string },
  a: TargetRoleAssociation,
): string {
  return `${target.region}/${target.accountId}/${a.clusterName}/${a.namespace}/${a.serviceAccount}`;
}

/** The account of an IAM role ARN. */
export function roleAccountId(roleArn: string): string {
  return roleArn.split(':')[4] ?? '';
}

/**
 * The statements the target role's trust policy needs: the association's
 * role may call sts:AssumeRole only with the association's external id, and
 * sts:TagSession (EKS passes the Pod Identity session tags on).
 *
 * @public
 */
export function targetRoleTrustStatements(
  roleArn: string,
  externalId: string,
): PolicyStatement[] {
  return [
    {
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': externalId } },
    },
    {
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: 'sts:TagSession',
    },
  ];
}

/**
 * The identity policy the association's role needs to chain to the target
 * role: sts:AssumeRole and sts:TagSession on it.
 *
 * @public
 */
export function assumeTargetRolePolicy(targetRoleArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: targetRoleArn,
      },
    ],
  };
}

/** The target role as its account's IAM describes it; undefined when it does not exist. */
async function readTargetRole(
  iam: IAMClient,
  targetRoleArn: string,
): Promise<Role | undefined> {
  return (
    await ifExists(() =>
      iam.send(
        new GetRoleCommand({ RoleName: roleNameFromArn(targetRoleArn) }),
      ),
    )
  )?.Role;
}

/**
 * Preflight of `writeTargetTrust`: the target role exists in its account
 * and the portal can read it there (read-only; an InputError naming
 * targetRoleArn otherwise).
 */
export async function checkTargetRoleReadable(
  iam: IAMClient,
  targetRoleArn: string,
): Promise<void> {
  let role: Role | undefined;
  try {
    role = await readTargetRole(iam, targetRoleArn);
  } catch (error) {
    throw new InputError(
      `targetRoleArn: cannot read ${targetRoleArn} in account ${roleAccountId(
        targetRoleArn,
      )} to write its trust policy (${
        error instanceof Error ? error.message : String(error)
      }): give the portal iam:GetRole and iam:UpdateAssumeRolePolicy there, or leave writeTargetTrust off and add the trust yourself`,
    );
  }
  if (!role) {
    throw new InputError(
      `targetRoleArn: no IAM role ${roleNameFromArn(
        targetRoleArn,
      )} in account ${roleAccountId(targetRoleArn)}`,
    );
  }
}

function statementList(document: PolicyDocument | undefined) {
  const statements = document?.Statement as unknown;
  if (Array.isArray(statements)) return statements as PolicyStatement[];
  return statements ? [statements as PolicyStatement] : [];
}

/** The statements of {@link targetRoleTrustStatements} the role's trust lacks. */
function missingTrust(
  role: Role,
  roleArn: string,
  externalId: string,
): { current?: PolicyDocument; missing: PolicyStatement[] } {
  const current = parsePolicyDocument(role.AssumeRolePolicyDocument) as
    | PolicyDocument
    | undefined;
  const has = new Set(statementList(current).map(s => canonicalPolicy(s)));
  return {
    current,
    missing: targetRoleTrustStatements(roleArn, externalId).filter(
      s => !has.has(canonicalPolicy(s)),
    ),
  };
}

/**
 * Whether the target role's trust already holds what the association
 * needs (read-only); undefined when the role cannot be read.
 */
export async function targetRoleTrustHolds(
  iam: IAMClient,
  opts: { targetRoleArn: string; roleArn: string; externalId: string },
): Promise<boolean | undefined> {
  try {
    const role = await readTargetRole(iam, opts.targetRoleArn);
    return role
      ? missingTrust(role, opts.roleArn, opts.externalId).missing.length === 0
      : false;
  } catch {
    return undefined;
  }
}

/**
 * Adds the statements of {@link targetRoleTrustStatements} to the target
 * role's trust policy where it lacks them (in the target role's account,
 * with the clients the portal has for it), keeping every other statement.
 * Says whether it wrote.
 */
export async function ensureTargetRoleTrust(
  run: ProvisioningRun,
  iam: IAMClient,
  opts: { targetRoleArn: string; roleArn: string; externalId: string },
): Promise<boolean> {
  const { targetRoleArn, roleArn, externalId } = opts;
  const role = await readTargetRole(iam, targetRoleArn);
  if (!role) {
    throw new InputError(
      `targetRoleArn: no IAM role ${roleNameFromArn(
        targetRoleArn,
      )} in account ${roleAccountId(targetRoleArn)}`,
    );
  }
  const { current, missing } = missingTrust(role, roleArn, externalId);
  const statements = statementList(current);
  if (missing.length === 0) {
    run.logger.info(
      `The trust policy of ${targetRoleArn} already lets ${roleArn} assume it with external id ${externalId}`,
    );
    return false;
  }
  const next: PolicyDocument = {
    Version: current?.Version ?? '2012-10-17',
    Statement: [...statements, ...missing],
  };
  await run.change(
    {
      action: 'update',
      resource: `IAM role ${targetRoleArn}`,
      detail: `trust ${roleArn} with sts:ExternalId ${externalId}`,
    },
    ['pod-identity-target-trust', targetRoleArn, roleArn, externalId],
    async () => {
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: roleNameFromArn(targetRoleArn),
          PolicyDocument: JSON.stringify(next),
        }),
      );
    },
  );
  return true;
}

/**
 * What reaches the target role's account: its IAM client (the portal's
 * credentials for that account), for `writeTargetTrust`.
 *
 * @public
 */
export type TargetAccountIam = (accountId: string) => Promise<IAMClient>;

/**
 * The IAM client of the target role's account: the run's own for a role in
 * the run's account, otherwise the portal's for that account (an
 * InputError naming targetRoleArn when it has none).
 */
export async function targetIam(
  run: ProvisioningRun,
  targetRoleArn: string,
  targetAccountIam: TargetAccountIam | undefined,
): Promise<IAMClient> {
  const accountId = roleAccountId(targetRoleArn);
  if (accountId === run.accountId) return run.aws.iam;
  if (!targetAccountIam) {
    throw new InputError(
      `targetRoleArn: the portal cannot reach account ${accountId} to write the target role's trust; leave writeTargetTrust off and add the trust yourself`,
    );
  }
  try {
    return await targetAccountIam(accountId);
  } catch (error) {
    throw new InputError(
      `targetRoleArn: the portal has no AWS credentials for account ${accountId}, so it cannot write the target role's trust (${
        error instanceof Error ? error.message : String(error)
      }); add the account to aws.accounts, or leave writeTargetTrust off and add the trust yourself`,
    );
  }
}

/**
 * The target role step: the trust the target role needs, written to it
 * when asked (otherwise a note that says what to add), and the external id.
 */
export async function ensureTargetRoleAccess(
  run: ProvisioningRun,
  opts: TargetRoleAssociation & {
    targetRoleArn: string;
    writeTargetTrust?: boolean;
  },
  association: { roleArn: string; externalId?: string },
  targetAccountIam?: TargetAccountIam,
): Promise<{ externalId: string; written: boolean }> {
  const externalId =
    association.externalId ?? podIdentityExternalId(run.aws.target, opts);
  const { targetRoleArn } = opts;
  const statements = targetRoleTrustStatements(association.roleArn, externalId);
  if (!opts.writeTargetTrust) {
    // read-only where the portal reaches the target role's account
    const holds = await targetIam(run, targetRoleArn, targetAccountIam)
      .then(iam =>
        targetRoleTrustHolds(iam, {
          targetRoleArn,
          roleArn: association.roleArn,
          externalId,
        }),
      )
      .catch(() => undefined);
    if (holds) {
      run.logger.info(
        `The trust policy of ${targetRoleArn} already lets ${association.roleArn} assume it with external id ${externalId}`,
      );
      return { externalId, written: false };
    }
    run.note(
      `The target role ${targetRoleArn} must trust ${
        association.roleArn
      } with sts:ExternalId "${externalId}" (and allow it sts:TagSession); add these statements to its trust policy: ${JSON.stringify(
        statements,
      )}`,
    );
    return { externalId, written: false };
  }
  const written = await ensureTargetRoleTrust(
    run,
    await targetIam(run, targetRoleArn, targetAccountIam),
    { targetRoleArn, roleArn: association.roleArn, externalId },
  );
  return { externalId, written };
}
