import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Sandbox } from '@backstage-eks/sandbox';

/** Creates an IAM role in the sandbox's default account; returns its ARN. */
export async function createSandboxRole(
  sandbox: Sandbox,
  roleName: string,
): Promise<string> {
  const iam = new IAMClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: sandbox.credentials,
  });
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${sandbox.accountId}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  return Role!.Arn!;
}
