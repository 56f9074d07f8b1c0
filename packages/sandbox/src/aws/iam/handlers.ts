import { iamUniqueId } from '../../ids';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import { QueryParams, str } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { AWS_MANAGED_POLICIES } from './managedPolicies';
import {
  IamInstanceProfile,
  IamManagedPolicy,
  IamRole,
  sameName,
} from './model';
import { iamPage, iamTagHandlers, iamTags, required, tagList } from './params';
import {
  checkAttachedPoliciesQuota,
  checkManagedPolicySize,
  checkPolicyDocument,
  checkRoleInlinePoliciesSize,
  checkTrustPolicySize,
  checkTrustPrincipals,
} from './policies';
import { addRole } from './store';
import { IAM_USER_HANDLERS } from './users';

function roleXml(role: IamRole, withTags = true): Record<string, XmlValue> {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags:
      withTags && Object.keys(role.tags).length
        ? tagList(role.tags)
        : undefined,
  };
}

function policyXml(
  p: IamManagedPolicy,
  attachments: number,
): Record<string, XmlValue> {
  return {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachments,
    IsAttachable: true,
    Description: p.description,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    Tags: Object.keys(p.tags).length ? tagList(p.tags) : undefined,
  };
}

function profileXml(
  ctx: AwsContext,
  p: IamInstanceProfile,
): Record<string, XmlValue> {
  return {
    Path: p.path,
    InstanceProfileName: p.instanceProfileName,
    InstanceProfileId: p.instanceProfileId,
    Arn: p.arn,
    CreateDate: p.createDate,
    Roles: p.roleNames
      .map(n => ctx.account.iam.roles.get(n))
      .filter((r): r is IamRole => !!r)
      .map(r => roleXml(r, false)),
    Tags: Object.keys(p.tags).length ? tagList(p.tags) : undefined,
  };
}

function requireRole(ctx: AwsContext, params: QueryParams): IamRole {
  const name = required(params, 'RoleName');
  const role = ctx.account.iam.roles.get(name);
  if (!role)
    throw new AwsError(
      'NoSuchEntity',
      `The role with name ${name} cannot be found.`,
      404,
    );
  return role;
}

function policyExists(ctx: AwsContext, arn: string) {
  if (arn.startsWith('arn:aws:iam::aws:policy/'))
    return AWS_MANAGED_POLICIES.includes(arn);
  return [...ctx.account.iam.policies.values()].some(p => p.arn === arn);
}

function attachmentCount(ctx: AwsContext, arn: string) {
  return [...ctx.account.iam.roles.values()].filter(r =>
    r.attachedPolicyArns.has(arn),
  ).length;
}

function requirePolicy(ctx: AwsContext, params: QueryParams) {
  const arn = required(params, 'PolicyArn');
  const policy = [...ctx.account.iam.policies.values()].find(
    p => p.arn === arn,
  );
  if (!policy)
    throw new AwsError(
      'NoSuchEntity',
      `Policy ${arn} does not exist or is not attachable.`,
      404,
    );
  return policy;
}

function requireProfile(ctx: AwsContext, params: QueryParams) {
  const name = required(params, 'InstanceProfileName');
  const profile = ctx.account.iam.instanceProfiles.get(name);
  if (!profile)
    throw new AwsError(
      'NoSuchEntity',
      `Instance Profile ${name} cannot be found.`,
      404,
    );
  return profile;
}

/** Whether a role, user or assumed role's role ARN names one that exists (in its own account). */
function principalExists(ctx: AwsContext, arn: string): boolean {
  const account = arn.split(':')[4];
  if (!/^\d{12}$/.test(account)) return false;
  const iam = ctx.state.account(account).iam;
  return arn.includes(':role/')
    ? iam.roleByArn(arn) !== undefined
    : iam.userByArn(arn) !== undefined;
}

/** A trust policy: its grammar, its size quota and principals that exist. */
function checkTrustPolicy(ctx: AwsContext, document: string) {
  checkPolicyDocument(document, 'trust');
  checkTrustPolicySize(document);
  checkTrustPrincipals(document, arn => principalExists(ctx, arn));
}

function checkPolicyName(name: string) {
  if (!/^[\w+=,.@-]{1,128}$/.test(name)) {
    throw new AwsError(
      'ValidationError',
      `PolicyName: ${name} must match [\\w+=,.@-]{1,128}`,
    );
  }
}

export const IAM_HANDLERS: Record<string, QueryHandler> = {
  ...IAM_USER_HANDLERS,
  CreateRole(ctx, params) {
    const roleName = required(params, 'RoleName');
    const trust = required(params, 'AssumeRolePolicyDocument');
    if (!sameName(ctx.account.iam.roles, roleName))
      checkTrustPolicy(ctx, trust);
    const role = addRole(ctx.account.iam, {
      roleName,
      assumeRolePolicyDocument: trust,
      path: str(params, 'Path'),
      description: str(params, 'Description'),
      maxSessionDuration: str(params, 'MaxSessionDuration')
        ? Number(str(params, 'MaxSessionDuration'))
        : undefined,
      tags: iamTags(params),
    });
    return { Role: roleXml(role) };
  },
  GetRole(ctx, params) {
    return { Role: roleXml(requireRole(ctx, params)) };
  },
  ListRoles(ctx, params) {
    const prefix = str(params, 'PathPrefix') ?? '/';
    const roles = [...ctx.account.iam.roles.values()].filter(r =>
      r.path.startsWith(prefix),
    );
    const { page, ...more } = iamPage(params, roles, r => r.roleName);
    return { Roles: page.map(r => roleXml(r, false)), ...more };
  },
  DeleteRole(ctx, params) {
    const role = requireRole(ctx, params);
    if (role.attachedPolicyArns.size || role.inlinePolicies.size) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete entity, must detach all policies first.',
        409,
      );
    }
    if (
      [...ctx.account.iam.instanceProfiles.values()].some(p =>
        p.roleNames.includes(role.roleName),
      )
    ) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete entity, must remove roles from instance profile first.',
        409,
      );
    }
    ctx.account.iam.roles.delete(role.roleName);
    return undefined;
  },
  UpdateAssumeRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const doc = required(params, 'PolicyDocument');
    checkTrustPolicy(ctx, doc);
    role.assumeRolePolicyDocument = doc;
    return undefined;
  },
  UpdateRole(ctx, params) {
    const role = requireRole(ctx, params);
    const description = str(params, 'Description');
    if (description !== undefined) role.description = description;
    const max = str(params, 'MaxSessionDuration');
    if (max) role.maxSessionDuration = Number(max);
    return undefined;
  },
  ...iamTagHandlers('Role', requireRole),
  PutRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const name = required(params, 'PolicyName');
    checkPolicyName(name);
    const doc = required(params, 'PolicyDocument');
    checkPolicyDocument(doc, 'identity');
    checkRoleInlinePoliciesSize(role, name, doc);
    role.inlinePolicies.set(name, doc);
    return undefined;
  },
  GetRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const name = required(params, 'PolicyName');
    const doc = role.inlinePolicies.get(name);
    if (doc === undefined) {
      throw new AwsError(
        'NoSuchEntity',
        `The role policy with name ${name} cannot be found.`,
        404,
      );
    }
    return {
      RoleName: role.roleName,
      PolicyName: name,
      PolicyDocument: encodeURIComponent(doc),
    };
  },
  DeleteRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const name = required(params, 'PolicyName');
    if (!role.inlinePolicies.delete(name)) {
      throw new AwsError(
        'NoSuchEntity',
        `The role policy with name ${name} cannot be found.`,
        404,
      );
    }
    return undefined;
  },
  ListRolePolicies(ctx, params) {
    return {
      PolicyNames: [...requireRole(ctx, params).inlinePolicies.keys()],
      IsTruncated: false,
    };
  },
  AttachRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const arn = required(params, 'PolicyArn');
    if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/.test(arn)) {
      throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`);
    }
    if (!policyExists(ctx, arn)) {
      throw new AwsError(
        'NoSuchEntity',
        `Policy ${arn} does not exist or is not attachable.`,
        404,
      );
    }
    checkAttachedPoliciesQuota(role, arn);
    role.attachedPolicyArns.add(arn);
    return undefined;
  },
  DetachRolePolicy(ctx, params) {
    const role = requireRole(ctx, params);
    const arn = required(params, 'PolicyArn');
    if (!role.attachedPolicyArns.delete(arn)) {
      throw new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
    }
    return undefined;
  },
  ListAttachedRolePolicies(ctx, params) {
    const role = requireRole(ctx, params);
    return {
      AttachedPolicies: [...role.attachedPolicyArns].map(arn => ({
        PolicyName: arn.split('/').pop()!,
        PolicyArn: arn,
      })),
      IsTruncated: false,
    };
  },
  CreatePolicy(ctx, params) {
    const name = required(params, 'PolicyName');
    checkPolicyName(name);
    const document = required(params, 'PolicyDocument');
    checkPolicyDocument(document, 'identity');
    checkManagedPolicySize(document);
    if (sameName(ctx.account.iam.policies, name)) {
      throw new AwsError(
        'EntityAlreadyExists',
        `A policy called ${name} already exists. Duplicate names are not allowed.`,
        409,
      );
    }
    const path = str(params, 'Path') ?? '/';
    const now = new Date();
    const policy: IamManagedPolicy = {
      policyName: name,
      policyId: iamUniqueId('ANPA'),
      arn: `arn:aws:iam::${ctx.accountId}:policy${path}${name}`,
      path,
      description: str(params, 'Description'),
      document,
      createDate: now,
      updateDate: now,
      tags: iamTags(params),
    };
    ctx.account.iam.policies.set(name, policy);
    return { Policy: policyXml(policy, 0) };
  },
  GetPolicy(ctx, params) {
    const arn = required(params, 'PolicyArn');
    if (AWS_MANAGED_POLICIES.includes(arn)) {
      // IAM answers for the AWS managed policies too (path and name from the ARN)
      const path = arn.slice('arn:aws:iam::aws:policy'.length);
      const name = path.slice(path.lastIndexOf('/') + 1);
      return {
        Policy: {
          PolicyName: name,
          Arn: arn,
          Path: path.slice(0, path.lastIndexOf('/') + 1),
          DefaultVersionId: 'v1',
          AttachmentCount: attachmentCount(ctx, arn),
          IsAttachable: true,
        },
      };
    }
    const policy = requirePolicy(ctx, params);
    return { Policy: policyXml(policy, attachmentCount(ctx, policy.arn)) };
  },
  GetPolicyVersion(ctx, params) {
    const policy = requirePolicy(ctx, params);
    const version = required(params, 'VersionId');
    if (version !== 'v1')
      throw new AwsError(
        'NoSuchEntity',
        `Policy ${policy.arn} version ${version} does not exist.`,
        404,
      );
    return {
      PolicyVersion: {
        Document: encodeURIComponent(policy.document),
        VersionId: 'v1',
        IsDefaultVersion: true,
        CreateDate: policy.createDate,
      },
    };
  },
  ListPolicies(ctx, params) {
    const scope = str(params, 'Scope') ?? 'All';
    const local = [...ctx.account.iam.policies.values()].map(p =>
      policyXml(p, attachmentCount(ctx, p.arn)),
    );
    return { Policies: scope === 'AWS' ? [] : local, IsTruncated: false };
  },
  DeletePolicy(ctx, params) {
    const policy = requirePolicy(ctx, params);
    if (attachmentCount(ctx, policy.arn) > 0) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete a policy attached to entities.',
        409,
      );
    }
    ctx.account.iam.policies.delete(policy.policyName);
    return undefined;
  },
  CreateInstanceProfile(ctx, params) {
    const name = required(params, 'InstanceProfileName');
    if (ctx.account.iam.instanceProfiles.has(name)) {
      throw new AwsError(
        'EntityAlreadyExists',
        `Instance Profile ${name} already exists.`,
        409,
      );
    }
    const path = str(params, 'Path') ?? '/';
    const profile: IamInstanceProfile = {
      instanceProfileName: name,
      instanceProfileId: iamUniqueId('AIPA'),
      arn: `arn:aws:iam::${ctx.accountId}:instance-profile${path}${name}`,
      path,
      roleNames: [],
      createDate: new Date(),
      tags: iamTags(params),
    };
    ctx.account.iam.instanceProfiles.set(name, profile);
    return { InstanceProfile: profileXml(ctx, profile) };
  },
  GetInstanceProfile(ctx, params) {
    return { InstanceProfile: profileXml(ctx, requireProfile(ctx, params)) };
  },
  DeleteInstanceProfile(ctx, params) {
    const profile = requireProfile(ctx, params);
    if (profile.roleNames.length) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete entity, must remove roles from instance profile first.',
        409,
      );
    }
    ctx.account.iam.instanceProfiles.delete(profile.instanceProfileName);
    return undefined;
  },
  AddRoleToInstanceProfile(ctx, params) {
    const profile = requireProfile(ctx, params);
    const role = requireRole(ctx, params);
    if (profile.roleNames.length >= 1) {
      throw new AwsError(
        'LimitExceeded',
        'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
        409,
      );
    }
    profile.roleNames.push(role.roleName);
    return undefined;
  },
  RemoveRoleFromInstanceProfile(ctx, params) {
    const profile = requireProfile(ctx, params);
    const name = required(params, 'RoleName');
    if (!profile.roleNames.includes(name)) {
      throw new AwsError(
        'NoSuchEntity',
        `The role with name ${name} is not in instance profile ${profile.instanceProfileName}.`,
        404,
      );
    }
    profile.roleNames = profile.roleNames.filter(n => n !== name);
    return undefined;
  },
  ListInstanceProfilesForRole(ctx, params) {
    const role = requireRole(ctx, params);
    return {
      InstanceProfiles: [...ctx.account.iam.instanceProfiles.values()]
        .filter(p => p.roleNames.includes(role.roleName))
        .map(p => profileXml(ctx, p)),
      IsTruncated: false,
    };
  },
};
