import { GetPolicyCommand, Role } from '@aws-sdk/client-iam';
import { InputError } from '@backstage/errors';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { findRole, roleNameFromArn } from '../iam';
import {
  parsePolicyDocument,
  policyElementList,
  serviceTrustPolicy,
} from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';
import { MAX_MANAGED_POLICIES_PER_ROLE } from './policyDocument';

/** Who must be able to assume a role, and with which STS actions. @public */
export interface TrustRequirement {
  /** The AWS service principal, e.g. `eks.amazonaws.com`. */
  service: string;
  actions: string[];
}

/** The trust a cluster role needs (Auto Mode also tags sessions). @public */
export function clusterRoleTrust(autoMode: boolean): TrustRequirement {
  return {
    service: 'eks.amazonaws.com',
    actions: autoMode
      ? ['sts:AssumeRole', 'sts:TagSession']
      : ['sts:AssumeRole'],
  };
}

/** The trust a node role needs (EC2 instances assume it). @public */
export const NODE_ROLE_TRUST: TrustRequirement = {
  service: 'ec2.amazonaws.com',
  actions: ['sts:AssumeRole'],
};

/** The trust a Pod Identity role needs. @public */
export const POD_IDENTITY_ROLE_TRUST: TrustRequirement = {
  service: 'pods.eks.amazonaws.com',
  actions: ['sts:AssumeRole', 'sts:TagSession'],
};

interface TrustStatement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

function namesService(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return policyElementList(
    (principal as { Service?: unknown }).Service,
  ).includes(service);
}

function coversAction(actions: unknown, action: string): boolean {
  return policyElementList(actions).some(
    a => a === '*' || a === 'sts:*' || a === action,
  );
}

/**
 * The STS actions of `requirement` that the trust policy does not let the
 * service call (an Allow statement naming the service with the action, and
 * no Deny statement without conditions taking it away).
 *
 * @public
 */
export function missingTrust(
  trustPolicy: unknown,
  requirement: TrustRequirement,
): string[] {
  const statements = policyElementList(
    (trustPolicy as { Statement?: unknown } | undefined)?.Statement,
  ) as TrustStatement[];
  const applies = (s: TrustStatement, action: string) =>
    namesService(s.Principal, requirement.service) &&
    coversAction(s.Action, action);
  return requirement.actions.filter(
    action =>
      !statements.some(s => s.Effect === 'Allow' && applies(s, action)) ||
      statements.some(
        s => s.Effect === 'Deny' && !s.Condition && applies(s, action),
      ),
  );
}

/**
 * Reads a role by ARN; an InputError naming the field when it does not
 * exist (the name alone could match a role under another path).
 *
 * @public
 */
export async function requireRole(
  run: ProvisioningRun,
  field: string,
  roleArn: string,
): Promise<Role> {
  const role = await findRole(run, roleNameFromArn(roleArn));
  if (!role || role.Arn !== roleArn) {
    throw new InputError(
      `${field} must name an existing IAM role: ${roleArn} does not exist in account ${run.accountId}`,
    );
  }
  return role;
}

/**
 * Checks that the role exists and that its trust policy lets the service
 * assume it with the required actions; the InputError names the field,
 * quotes what the trust policy says and shows what it must say.
 *
 * @public
 */
export async function checkRoleTrust(
  run: ProvisioningRun,
  field: string,
  roleArn: string,
  requirement: TrustRequirement,
): Promise<void> {
  const role = await requireRole(run, field, roleArn);
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const missing = missingTrust(trust, requirement);
  if (missing.length === 0) return;
  throw new InputError(
    `${field} must be a role whose trust policy lets ${
      requirement.service
    } call ${requirement.actions.join(' and ')}; the trust policy of ${
      role.RoleName
    } does not allow ${missing.join(' or ')} for ${
      requirement.service
    }. It says: ${JSON.stringify(
      trust ?? {},
    )}. It must contain: ${JSON.stringify(
      serviceTrustPolicy(requirement.service, requirement.actions).Statement[0],
    )}`,
  );
}

/**
 * Checks managed policy ARNs before any is attached: at most IAM's default
 * of 10 per role, in the region's partition, and each one exists
 * (iam:GetPolicy).
 *
 * @public
 */
export async function checkManagedPoliciesExist(
  run: ProvisioningRun,
  field: string,
  policyArns: readonly string[],
): Promise<void> {
  if (policyArns.length > MAX_MANAGED_POLICIES_PER_ROLE) {
    throw new InputError(
      `${field} must list at most ${MAX_MANAGED_POLICIES_PER_ROLE} policies (IAM's default quota of managed policies per role; got ${policyArns.length})`,
    );
  }
  const partition = partitionForRegion(run.region);
  for (const [index, policyArn] of policyArns.entries()) {
    const itemField = `${field}[${index}]`;
    if (policyArn.split(':')[1] !== partition) {
      throw new InputError(
        `${itemField} must be a policy in partition "${partition}" of region ${run.region} (got ${policyArn})`,
      );
    }
    const found = await ifExists(() =>
      run.aws.iam.send(new GetPolicyCommand({ PolicyArn: policyArn })),
    );
    if (!found?.Policy) {
      throw new InputError(
        `${itemField} must name an existing IAM managed policy: ${policyArn} does not exist`,
      );
    }
  }
}
