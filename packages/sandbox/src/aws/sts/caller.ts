/** The IAM user every sandbox request is made as; it exists in every account. */
export const SANDBOX_ADMIN_USER = 'sandbox-admin';

/** The IAM identity every sandbox request is made as (GetCallerIdentity's answer). */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/${SANDBOX_ADMIN_USER}`;
}

export function callerUserId(accountId: string): string {
  return `AIDA${accountId}SANDBOX`;
}
