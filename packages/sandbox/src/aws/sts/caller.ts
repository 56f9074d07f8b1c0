/** The IAM identity every sandbox request is made as (GetCallerIdentity's answer). */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/sandbox-admin`;
}

export function callerUserId(accountId: string): string {
  return `AIDA${accountId}SANDBOX`;
}
