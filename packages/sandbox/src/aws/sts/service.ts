import { AwsError } from '../AwsError';
import { queryService } from '../protocols/query';
import { str } from '../protocols/queryParams';
import { callerArn, callerUserId } from './caller';

export const stsService = queryService({
  name: 'sts',
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
  reads: /^(Get|AssumeRole)/,
  throttlingCode: 'Throttling',
  throttlingStatus: 400,
  serverErrorCode: 'InternalFailure',
  handlers: {
    GetCallerIdentity(ctx) {
      return {
        UserId: callerUserId(ctx.accountId),
        Account: ctx.accountId,
        Arn: callerArn(ctx.accountId),
      };
    },
    AssumeRole(ctx, params) {
      const roleArn = str(params, 'RoleArn');
      const sessionName = str(params, 'RoleSessionName');
      if (!roleArn || !sessionName) {
        throw new AwsError(
          'ValidationError',
          'RoleArn and RoleSessionName are required',
        );
      }
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw new AwsError(
          'ValidationError',
          `RoleSessionName: ${sessionName} must match [\\w+=,.@-]{2,64}`,
        );
      }
      const accountId = roleArn.split(':')[4] ?? '';
      const role = ctx.state.account(accountId).iam.roleByArn(roleArn);
      if (!role) {
        throw new AwsError(
          'AccessDenied',
          `User: ${callerArn(
            ctx.accountId,
          )} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          403,
        );
      }
      const duration = Number(str(params, 'DurationSeconds') ?? 3600);
      if (!(duration >= 900 && duration <= role.maxSessionDuration)) {
        throw new AwsError(
          'ValidationError',
          `DurationSeconds: must be between 900 and the role's MaxSessionDuration ${role.maxSessionDuration}`,
        );
      }
      // the sandbox remembers the key: requests signed with it act in the
      // role's account, and its signatures are checked with its secret
      const key = ctx.accessKeys.issueSession(accountId, duration);
      return {
        Credentials: {
          AccessKeyId: key.accessKeyId,
          SecretAccessKey: key.secretAccessKey,
          SessionToken: key.sessionToken,
          Expiration: key.expiration,
        },
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${sessionName}`,
          Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${sessionName}`,
        },
      };
    },
  },
});
