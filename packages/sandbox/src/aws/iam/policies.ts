import { AwsError } from '../AwsError';
import type { IamRole } from './model';

/**
 * IAM's policy rules beyond the model's shapes: JSON, the grammar's required
 * elements, principals (trust policies name principals that exist, identity
 * policies name none) and the size quotas, with IAM's own error wording.
 * See packages/sandbox/RULES.md for the references.
 */

/** The default size quotas of IAM, in characters without white space. */
export const POLICY_QUOTAS = {
  /** Role trust policy length (ACLSizePerRole). */
  trustPolicy: 2048,
  /** Managed policy length (PolicySize). */
  managedPolicy: 6144,
  /** All inline policies of one role together. */
  roleInlinePolicies: 10240,
  /** Managed policies attached to one role (PoliciesPerRole). */
  attachedPoliciesPerRole: 10,
};

export type PolicyKind = 'trust' | 'identity';

type Statement = Record<string, unknown>;

function malformed(message: string) {
  return new AwsError('MalformedPolicyDocument', message);
}

function limitExceeded(message: string) {
  return new AwsError('LimitExceeded', message, 409);
}

/** IAM counts a policy's length without its white space. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

function statementsOf(document: string): Statement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw malformed('This policy contains invalid Json');
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  if (statements === undefined) {
    throw malformed('Syntax errors in policy.');
  }
  const list = Array.isArray(statements) ? statements : [statements];
  return list.map(s => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) {
      throw malformed('Syntax errors in policy.');
    }
    return s as Statement;
  });
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** IAM's condition operators (before IfExists and the set qualifiers). */
const CONDITION_OPERATORS = new Set(
  [
    ...['Equals', 'NotEquals', 'EqualsIgnoreCase', 'NotEqualsIgnoreCase'].map(
      o => `String${o}`,
    ),
    'StringLike',
    'StringNotLike',
    ...[
      'Equals',
      'NotEquals',
      'LessThan',
      'LessThanEquals',
      'GreaterThan',
      'GreaterThanEquals',
    ].flatMap(o => [`Numeric${o}`, `Date${o}`]),
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
  ].flatMap(o => [o, `${o}IfExists`]),
);

/**
 * Whether a Condition block's key is an operator of IAM's grammar: one of
 * the operators, optionally with IfExists and ForAllValues:/ForAnyValue:,
 * or Null alone.
 */
function isConditionOperator(operator: string): boolean {
  if (operator === 'Null') return true;
  return CONDITION_OPERATORS.has(
    operator.replace(/^For(AllValues|AnyValue):/, ''),
  );
}

/**
 * Checks a policy document's structure for its kind: every statement has an
 * Effect and an Action; condition operators are IAM's; a trust policy's statements each name a principal and
 * no resource; an identity policy names no principal.
 */
export function checkPolicyDocument(document: string, kind: PolicyKind) {
  for (const s of statementsOf(document)) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw malformed('Syntax errors in policy.');
    }
    if (s.Action === undefined && s.NotAction === undefined) {
      throw malformed('Policy statement must contain actions.');
    }
    const condition = s.Condition;
    if (
      condition !== undefined &&
      (!condition ||
        typeof condition !== 'object' ||
        Array.isArray(condition) ||
        !Object.keys(condition).every(isConditionOperator))
    ) {
      throw malformed('Syntax errors in policy.');
    }
    if (kind === 'identity') {
      if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
        throw malformed('Policy document should not specify a principal.');
      }
      if (s.Resource === undefined && s.NotResource === undefined) {
        throw malformed('Policy statement must contain resources.');
      }
    } else {
      if (s.Resource !== undefined || s.NotResource !== undefined) {
        throw malformed('Has prohibited field Resource');
      }
      if (s.Principal === undefined && s.NotPrincipal === undefined) {
        throw malformed(
          'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
        );
      }
    }
  }
}

/**
 * The `AWS` principals of a trust policy must exist: IAM stores a role's or
 * user's unique id in place of its ARN, so one that does not exist is
 * refused. `exists` answers for role, user and assumed-role ARNs.
 */
export function checkTrustPrincipals(
  document: string,
  exists: (arn: string) => boolean,
) {
  for (const s of statementsOf(document)) {
    for (const principal of [s.Principal, s.NotPrincipal]) {
      if (principal === undefined || principal === '*') continue;
      if (typeof principal !== 'object' || Array.isArray(principal)) {
        throw malformed(
          `Invalid principal in policy: ${JSON.stringify(principal)}`,
        );
      }
      for (const value of asList((principal as { AWS?: unknown }).AWS)) {
        if (!validAwsPrincipal(value, exists)) {
          throw malformed(
            `Invalid principal in policy: "AWS":${JSON.stringify(value)}`,
          );
        }
      }
    }
  }
}

function validAwsPrincipal(
  value: unknown,
  exists: (arn: string) => boolean,
): boolean {
  if (typeof value !== 'string') return false;
  if (value === '*' || /^\d{12}$/.test(value)) return true;
  if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(value)) return true;
  const assumed =
    /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(value);
  if (assumed) {
    return exists(`arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}`);
  }
  if (/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(value)) {
    return exists(value);
  }
  return false;
}

/** CreateRole / UpdateAssumeRolePolicy: the trust policy's size quota. */
export function checkTrustPolicySize(document: string) {
  if (policySize(document) > POLICY_QUOTAS.trustPolicy) {
    throw limitExceeded(
      `Cannot exceed quota for ACLSizePerRole: ${POLICY_QUOTAS.trustPolicy}`,
    );
  }
}

/** CreatePolicy: the managed policy's size quota. */
export function checkManagedPolicySize(document: string) {
  if (policySize(document) > POLICY_QUOTAS.managedPolicy) {
    throw limitExceeded(
      `Cannot exceed quota for PolicySize: ${POLICY_QUOTAS.managedPolicy}`,
    );
  }
}

/** PutRolePolicy: all inline policies of the role together, this one included. */
export function checkRoleInlinePoliciesSize(
  role: IamRole,
  name: string,
  document: string,
) {
  let total = policySize(document);
  for (const [other, doc] of role.inlinePolicies) {
    if (other !== name) total += policySize(doc);
  }
  if (total > POLICY_QUOTAS.roleInlinePolicies) {
    throw limitExceeded(
      `Maximum policy size of ${POLICY_QUOTAS.roleInlinePolicies} bytes exceeded for role ${role.roleName}`,
    );
  }
}

/** AttachRolePolicy: the number of managed policies a role can have. */
export function checkAttachedPoliciesQuota(role: IamRole, arn: string) {
  if (
    !role.attachedPolicyArns.has(arn) &&
    role.attachedPolicyArns.size >= POLICY_QUOTAS.attachedPoliciesPerRole
  ) {
    throw limitExceeded(
      `Cannot exceed quota for PoliciesPerRole: ${POLICY_QUOTAS.attachedPoliciesPerRole}`,
    );
  }
}

/**
 * Whether a role's trust policy lets an AWS service principal call the given
 * STS action (an Allow statement naming the service, with the action, `sts:*`
 * or `*`), as the services that assume a role check before accepting it.
 */
export function trustsService(
  role: IamRole,
  service: string,
  action = 'sts:AssumeRole',
): boolean {
  let statements: Statement[];
  try {
    statements = statementsOf(role.assumeRolePolicyDocument);
  } catch {
    return false;
  }
  return statements.some(s => {
    if (s.Effect !== 'Allow') return false;
    const principal = s.Principal as { Service?: unknown } | string | undefined;
    const services =
      principal === '*'
        ? [service]
        : asList(
            typeof principal === 'object' ? principal?.Service : undefined,
          );
    if (!services.includes(service)) return false;
    return asList(s.Action).some(
      a =>
        typeof a === 'string' && (a === action || a === 'sts:*' || a === '*'),
    );
  });
}
