import { iamUniqueId } from '../../ids';
import { AwsError } from '../AwsError';
import { IamRole, IamState } from './model';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Parses a policy document; MalformedPolicyDocument naming the problem otherwise. */
export function checkPolicyDocument(document: string, field: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (e) {
    throw new AwsError(
      'MalformedPolicyDocument',
      `${field}: Syntax errors in policy. (${(e as Error).message})`,
    );
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  if (!parsed || typeof parsed !== 'object' || statements === undefined) {
    throw new AwsError(
      'MalformedPolicyDocument',
      `${field}: Policy document must contain a Statement`,
    );
  }
  const list = Array.isArray(statements) ? statements : [statements];
  list.forEach(
    (s: { Effect?: string; Action?: unknown; NotAction?: unknown }, i) => {
      if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
        throw new AwsError(
          'MalformedPolicyDocument',
          `${field}: Statement[${i}].Effect must be Allow or Deny`,
        );
      }
      if (s.Action === undefined && s.NotAction === undefined) {
        throw new AwsError(
          'MalformedPolicyDocument',
          `${field}: Statement[${i}] is missing required field Action`,
        );
      }
    },
  );
}

export function addRole(
  iam: IamState,
  input: {
    roleName: string;
    assumeRolePolicyDocument: string;
    path?: string;
    description?: string;
    tags?: Record<string, string>;
    maxSessionDuration?: number;
  },
): IamRole {
  if (!ROLE_NAME.test(input.roleName)) {
    throw new AwsError(
      'ValidationError',
      `RoleName: ${input.roleName} must match [\\w+=,.@-]{1,64}`,
    );
  }
  if (iam.roles.has(input.roleName)) {
    throw new AwsError(
      'EntityAlreadyExists',
      `Role with name ${input.roleName} already exists.`,
      409,
    );
  }
  checkPolicyDocument(
    input.assumeRolePolicyDocument,
    'AssumeRolePolicyDocument',
  );
  const path = input.path ?? '/';
  const role: IamRole = {
    roleName: input.roleName,
    roleId: iamUniqueId('AROA'),
    arn: `arn:aws:iam::${iam.accountId}:role${path}${input.roleName}`,
    path,
    assumeRolePolicyDocument: input.assumeRolePolicyDocument,
    description: input.description,
    maxSessionDuration: input.maxSessionDuration ?? 3600,
    createDate: new Date(),
    tags: { ...(input.tags ?? {}) },
    inlinePolicies: new Map(),
    attachedPolicyArns: new Set(),
  };
  iam.roles.set(role.roleName, role);
  return role;
}

/** A trust policy for an AWS service principal (or several). */
export function serviceTrustPolicy(
  services: string[],
  actions: string[] = ['sts:AssumeRole'],
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: services.length === 1 ? services[0] : services },
        Action: actions.length === 1 ? actions[0] : actions,
      },
    ],
  });
}
