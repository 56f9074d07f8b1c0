import { InputError } from '@backstage/errors';
import { PolicyDocument } from '../policies';

/**
 * IAM's policy grammar and size quotas, checked before any write so that a
 * policy IAM would refuse never leaves a half-made role behind.
 *
 * References: IAM JSON policy element reference (Version, Id, Statement,
 * Sid, Effect, Principal/NotPrincipal, Action/NotAction,
 * Resource/NotResource, Condition and its operators) and "IAM and AWS STS
 * quotas" (policy characters; sizes count no white space).
 */

/** IAM's default policy size quotas, in characters without white space. @public */
export const IAM_POLICY_SIZE_LIMITS = {
  /** All inline policies of one role together. */
  roleInlinePolicies: 10_240,
};

/** IAM's default quota of managed policies attached to one role. @public */
export const MAX_MANAGED_POLICIES_PER_ROLE = 10;

/** What a policy is for: a trust policy names principals, an identity policy resources. @public */
export type PolicyKind = 'identity' | 'trust';

const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES = new Set([
  'AWS',
  'Service',
  'Federated',
  'CanonicalUser',
]);

/**
 * The condition operators of IAM's policy grammar (without the `IfExists`
 * suffix and the `ForAllValues:` / `ForAnyValue:` set qualifiers).
 */
const CONDITION_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

/** `service:Action`, with * and ? wildcards, or `*`. */
const ACTION_PATTERN = /^(\*|[a-zA-Z0-9-]+:[A-Za-z0-9*?]+)$/;
/** Policy documents may hold only tab, LF, CR and U+0020-U+00FF. */
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00ff]*$/;

/** Whether a condition operator is one of IAM's. @public */
export function isConditionOperator(operator: string): boolean {
  const unqualified = operator.replace(/^For(AllValues|AnyValue):/, '');
  const base = unqualified.replace(/IfExists$/, '');
  // Null takes neither IfExists nor a set qualifier
  if (base === 'Null') return operator === 'Null';
  return CONDITION_OPERATORS.has(base);
}

/** IAM's size of a policy: its characters without white space. @public */
export function policySize(document: unknown): number {
  const text =
    typeof document === 'string' ? document : JSON.stringify(document);
  return text.replace(/\s/g, '').length;
}

function fail(field: string, rule: string): never {
  throw new InputError(`${field} ${rule}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function stringList(field: string, value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some(v => typeof v !== 'string' || !v)) {
    fail(field, `must be ${what}, or a non-empty list of them`);
  }
  return list as string[];
}

function checkActions(field: string, value: unknown): void {
  for (const action of stringList(
    field,
    value,
    'an action such as "s3:GetObject"',
  )) {
    if (!ACTION_PATTERN.test(action)) {
      fail(
        field,
        `must name actions as "service:Action" (wildcards * and ? allowed) or "*" (got "${action}")`,
      );
    }
  }
}

function checkResources(field: string, value: unknown): void {
  for (const resource of stringList(field, value, 'an ARN or "*"')) {
    if (resource !== '*' && !resource.startsWith('arn:')) {
      fail(field, `must name resources by ARN or "*" (got "${resource}")`);
    }
  }
}

function checkPrincipal(field: string, value: unknown): void {
  if (value === '*') return;
  if (!isObject(value) || Object.keys(value).length === 0) {
    fail(
      field,
      'must be "*" or an object with AWS, Service, Federated or CanonicalUser principals',
    );
  }
  for (const [type, principals] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) {
      fail(
        `${field}.${type}`,
        'is not a principal type: use AWS, Service, Federated or CanonicalUser',
      );
    }
    stringList(`${field}.${type}`, principals, 'a principal');
  }
}

function checkCondition(field: string, value: unknown): void {
  if (!isObject(value)) {
    fail(field, 'must be an object of condition operators');
  }
  for (const [operator, keys] of Object.entries(value)) {
    if (!isConditionOperator(operator)) {
      fail(
        `${field}.${operator}`,
        'is not an IAM condition operator (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null, with IfExists or ForAllValues:/ForAnyValue: where allowed)',
      );
    }
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      fail(
        `${field}.${operator}`,
        'must be an object of condition keys and their values',
      );
    }
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (
        list.length === 0 ||
        list.some(v => !['string', 'number', 'boolean'].includes(typeof v))
      ) {
        fail(
          `${field}.${operator}.${key}`,
          'must be a string, number or boolean, or a non-empty list of them',
        );
      }
    }
  }
}

function checkStatement(
  field: string,
  statement: unknown,
  kind: PolicyKind,
): void {
  if (!isObject(statement)) fail(field, 'must be an object');
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) {
      fail(
        `${field}.${key}`,
        'is not a policy statement element (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)',
      );
    }
  }
  const s = statement;
  if (
    s.Sid !== undefined &&
    (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid))
  ) {
    fail(`${field}.Sid`, 'must contain only letters and digits');
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    fail(
      `${field}.Effect`,
      `must be "Allow" or "Deny" (got ${JSON.stringify(s.Effect ?? null)})`,
    );
  }
  const both = (a: string, b: string) => {
    if (s[a] !== undefined && s[b] !== undefined) {
      fail(field, `must not have both ${a} and ${b}`);
    }
  };
  both('Action', 'NotAction');
  both('Resource', 'NotResource');
  both('Principal', 'NotPrincipal');
  if (s.Action === undefined && s.NotAction === undefined) {
    fail(field, 'must have an Action or NotAction');
  }
  if (s.Action !== undefined) checkActions(`${field}.Action`, s.Action);
  if (s.NotAction !== undefined)
    checkActions(`${field}.NotAction`, s.NotAction);
  if (kind === 'identity') {
    for (const key of ['Principal', 'NotPrincipal']) {
      if (s[key] !== undefined) {
        fail(
          `${field}.${key}`,
          'is not allowed in an identity policy: the role it is attached to is the principal (Principal belongs in trust and resource policies)',
        );
      }
    }
    if (s.Resource === undefined && s.NotResource === undefined) {
      fail(field, 'must have a Resource or NotResource');
    }
    if (s.Resource !== undefined)
      checkResources(`${field}.Resource`, s.Resource);
    if (s.NotResource !== undefined) {
      checkResources(`${field}.NotResource`, s.NotResource);
    }
  } else {
    for (const key of ['Resource', 'NotResource']) {
      if (s[key] !== undefined) {
        fail(`${field}.${key}`, 'is not allowed in a trust policy');
      }
    }
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
      fail(field, 'must name a Principal in a trust policy');
    }
    if (s.Principal !== undefined)
      checkPrincipal(`${field}.Principal`, s.Principal);
    if (s.NotPrincipal !== undefined) {
      checkPrincipal(`${field}.NotPrincipal`, s.NotPrincipal);
    }
  }
  if (s.Condition !== undefined)
    checkCondition(`${field}.Condition`, s.Condition);
}

/**
 * Checks a parsed policy document against IAM's grammar for its kind and
 * returns it; every problem is an InputError naming the element, e.g.
 * `inlinePolicy.Statement[0].Effect must be "Allow" or "Deny"`.
 *
 * @public
 */
export function checkPolicyDocument(
  field: string,
  document: unknown,
  kind: PolicyKind,
): PolicyDocument {
  const noStatements =
    'must be an IAM policy document with a non-empty "Statement" list';
  if (!isObject(document)) fail(field, noStatements);
  if (!POLICY_CHARACTERS.test(JSON.stringify(document))) {
    fail(
      field,
      'may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF (IAM refuses others)',
    );
  }
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      fail(
        `${field}.${key}`,
        'is not a policy element (Version, Id, Statement)',
      );
    }
  }
  if (
    document.Version !== undefined &&
    !POLICY_VERSIONS.includes(document.Version as string)
  ) {
    fail(
      `${field}.Version`,
      `must be "2012-10-17" (or the older "2008-10-17"), got ${JSON.stringify(
        document.Version,
      )}`,
    );
  }
  const statements = Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
  if (
    !(Array.isArray(document.Statement) || isObject(document.Statement)) ||
    statements.length === 0
  ) {
    fail(field, noStatements);
  }
  statements.forEach((statement, index) =>
    checkStatement(
      Array.isArray(document.Statement)
        ? `${field}.Statement[${index}]`
        : `${field}.Statement`,
      statement,
      kind,
    ),
  );
  const sids = statements
    .map(s => (s as { Sid?: string }).Sid)
    .filter(sid => sid !== undefined && sid !== '');
  const repeated = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (repeated !== undefined) {
    fail(`${field}.Statement`, `must not repeat the Sid "${repeated}"`);
  }
  return document as unknown as PolicyDocument;
}

/**
 * Parses a policy given as JSON text and checks its grammar.
 *
 * @public
 */
export function parsePolicyText(
  field: string,
  text: string,
  kind: PolicyKind,
): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${field} must be a JSON IAM policy document: ${
        (error as Error).message
      }`,
    );
  }
  return checkPolicyDocument(field, parsed, kind);
}

/**
 * Checks that a role's inline policies together stay within IAM's quota
 * of 10,240 characters (white space not counted).
 *
 * @public
 */
export function checkInlinePoliciesSize(
  field: string,
  documents: unknown[],
): void {
  const size = documents.reduce<number>((sum, d) => sum + policySize(d), 0);
  if (size > IAM_POLICY_SIZE_LIMITS.roleInlinePolicies) {
    fail(
      field,
      `must be at most ${IAM_POLICY_SIZE_LIMITS.roleInlinePolicies} characters without white space for all inline policies of a role together (IAM's quota; got ${size}): split it into a managed policy`,
    );
  }
}
