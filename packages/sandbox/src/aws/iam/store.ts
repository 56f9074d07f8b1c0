import { iamUniqueId } from '../../ids';
import { AwsError } from '../AwsError';
import { checkPolicyDocument, checkTrustPolicySize } from './policies';
import { IamRole, IamState, sameName } from './model';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

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
  if (sameName(iam.roles, input.roleName)) {
    throw new AwsError(
      'EntityAlreadyExists',
      `Role with name ${input.roleName} already exists.`,
      409,
    );
  }
  checkPolicyDocument(input.assumeRolePolicyDocument, 'trust');
  checkTrustPolicySize(input.assumeRolePolicyDocument);
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
