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

/** IAM is global: one per account. */
export class IamState {
  readonly roles = new Map<string, IamRole>();
  readonly policies = new Map<string, IamManagedPolicy>();
  readonly instanceProfiles = new Map<string, IamInstanceProfile>();

  constructor(readonly accountId: string) {}

  /** The role an ARN names, if it exists in this account. */
  roleByArn(arn: string): IamRole | undefined {
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(
      arn,
    );
    if (!match || match[1] !== this.accountId) return undefined;
    const role = this.roles.get(match[2]);
    return role?.arn === arn ? role : undefined;
  }
}
