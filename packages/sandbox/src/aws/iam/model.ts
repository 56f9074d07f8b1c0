import { callerArn, callerUserId, SANDBOX_ADMIN_USER } from '../sts/caller';

/** An IAM role as the sandbox stores it. */
export interface IamRole {
  roleName: string;
  roleId: string;
  arn: string;
  path: string;
  /** The trust policy JSON exactly as given (IAM returns it URL-encoded). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  createDate: Date;
  tags: Record<string, string>;
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: Set<string>;
}

/** A customer managed policy (AWS managed policies are known by ARN only). */
export interface IamManagedPolicy {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  document: string;
  createDate: Date;
  updateDate: Date;
  tags: Record<string, string>;
}

export interface IamInstanceProfile {
  instanceProfileName: string;
  instanceProfileId: string;
  arn: string;
  path: string;
  roleNames: string[];
  createDate: Date;
  tags: Record<string, string>;
}

/** An IAM user as the sandbox stores it (no keys, groups or policies). */
export interface IamUser {
  userName: string;
  userId: string;
  arn: string;
  path: string;
  createDate: Date;
  tags: Record<string, string>;
}

/**
 * The key of a name among others of its kind: IAM user, role and policy
 * names are unique in an account regardless of case.
 */
export function sameName<T>(map: Map<string, T>, name: string): T | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** IAM is global: one per account. */
export class IamState {
  readonly roles = new Map<string, IamRole>();
  readonly policies = new Map<string, IamManagedPolicy>();
  readonly instanceProfiles = new Map<string, IamInstanceProfile>();
  readonly users = new Map<string, IamUser>();

  /** Every account holds the user that GetCallerIdentity answers with. */
  constructor(readonly accountId: string) {
    this.users.set(SANDBOX_ADMIN_USER, {
      userName: SANDBOX_ADMIN_USER,
      userId: callerUserId(accountId),
      arn: callerArn(accountId),
      path: '/',
      createDate: new Date(),
      tags: {},
    });
  }

  /** The role an ARN names, if it exists in this account. */
  roleByArn(arn: string): IamRole | undefined {
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(
      arn,
    );
    if (!match || match[1] !== this.accountId) return undefined;
    const role = this.roles.get(match[2]);
    return role?.arn === arn ? role : undefined;
  }

  /** The user an ARN names, if it exists in this account. */
  userByArn(arn: string): IamUser | undefined {
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(
      arn,
    );
    if (!match || match[1] !== this.accountId) return undefined;
    const user = this.users.get(match[2]);
    return user?.arn === arn ? user : undefined;
  }
}
