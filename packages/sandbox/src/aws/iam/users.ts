import { iamUniqueId } from '../../ids';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import { QueryParams, str } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { SANDBOX_ADMIN_USER } from '../sts/caller';
import { IamUser, sameName } from './model';
import { iamPage, iamTagHandlers, iamTags, required, tagList } from './params';

const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/(?:[\x21-\x7e]*\/)?$/;

function userXml(user: IamUser, withTags = true): Record<string, XmlValue> {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    Tags:
      withTags && Object.keys(user.tags).length
        ? tagList(user.tags)
        : undefined,
  };
}

function findUser(ctx: AwsContext, name: string): IamUser {
  const user = ctx.account.iam.users.get(name);
  if (!user)
    throw new AwsError(
      'NoSuchEntity',
      `The user with name ${name} cannot be found.`,
      404,
    );
  return user;
}

function requireUser(ctx: AwsContext, params: QueryParams): IamUser {
  return findUser(ctx, required(params, 'UserName'));
}

/** IAM users: enough for principals of access entries and their lookups. */
export const IAM_USER_HANDLERS: Record<string, QueryHandler> = {
  CreateUser(ctx, params) {
    const name = required(params, 'UserName');
    if (!USER_NAME.test(name)) {
      throw new AwsError(
        'ValidationError',
        `UserName: ${name} must match [\\w+=,.@-]{1,64}`,
      );
    }
    const path = str(params, 'Path') ?? '/';
    if (!PATH.test(path)) {
      throw new AwsError(
        'ValidationError',
        `Path: ${path} must begin and end with / and contain printable ASCII characters`,
      );
    }
    if (sameName(ctx.account.iam.users, name)) {
      throw new AwsError(
        'EntityAlreadyExists',
        `User with name ${name} already exists.`,
        409,
      );
    }
    const user: IamUser = {
      userName: name,
      userId: iamUniqueId('AIDA'),
      arn: `arn:aws:iam::${ctx.accountId}:user${path}${name}`,
      path,
      createDate: new Date(),
      tags: iamTags(params),
    };
    ctx.account.iam.users.set(name, user);
    return { User: userXml(user) };
  },
  /** Without UserName, IAM answers with the calling user. */
  GetUser(ctx, params) {
    return {
      User: userXml(
        findUser(ctx, str(params, 'UserName') ?? SANDBOX_ADMIN_USER),
      ),
    };
  },
  ListUsers(ctx, params) {
    const prefix = str(params, 'PathPrefix') ?? '/';
    const users = [...ctx.account.iam.users.values()].filter(u =>
      u.path.startsWith(prefix),
    );
    const { page, ...more } = iamPage(params, users, u => u.userName);
    return { Users: page.map(u => userXml(u, false)), ...more };
  },
  DeleteUser(ctx, params) {
    const user = requireUser(ctx, params);
    ctx.account.iam.users.delete(user.userName);
    return undefined;
  },
  ...iamTagHandlers('User', requireUser),
};
