import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  EntityAlreadyExistsException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { iamClient } from '../../__testUtils__/clients';
import { AWS_MANAGED_POLICIES } from './managedPolicies';
import { policySize, POLICY_QUOTAS } from './policies';
import { useSandbox } from '../../__testUtils__/useSandbox';

/** IAM's rules of packages/sandbox/RULES.md: principals that exist, documents by kind, size quotas. */

const ACCOUNT = '000000000000';

const trust = (principal: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...extra,
      },
    ],
  });

/** An identity policy of about `size` characters without white space. */
const identityPolicy = (size: number) => {
  const base = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '' }],
  });
  const resource = `arn:aws:s3:::${'b'.repeat(
    Math.max(1, size - base.length - 13),
  )}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: resource },
    ],
  });
};

describe('IAM rules beyond the model', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  beforeEach(() => sandbox.reset());
  const iam = () => iamClient(sandbox);
  const createRole = (name: string, document: string) =>
    iam().send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: document,
      }),
    );

  it('refuses trust policies naming roles or users that do not exist', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/nobody`;
    const refused = await createRole('r1', trust({ AWS: missing })).catch(
      e => e,
    );
    expect(refused).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(refused.message).toBe(
      `Invalid principal in policy: "AWS":"${missing}"`,
    );
    await expect(
      createRole('r2', trust({ AWS: [`arn:aws:iam::${ACCOUNT}:user/ghost`] })),
    ).rejects.toThrow(
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/ghost"`,
    );
    // existing principals, accounts and service principals are fine
    await createRole(
      'r3',
      trust({
        AWS: [
          `arn:aws:iam::${ACCOUNT}:role/demo-node`,
          `arn:aws:iam::${ACCOUNT}:user/sandbox-admin`,
          `arn:aws:iam::${ACCOUNT}:root`,
          '111122223333',
        ],
        Service: 'ec2.amazonaws.com',
      }),
    );
    await expect(
      iam().send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'r3',
          PolicyDocument: trust({ AWS: missing }),
        }),
      ),
    ).rejects.toBeInstanceOf(MalformedPolicyDocumentException);
  });

  it('requires principals and refuses resources in trust policies, and refuses principals in identity policies', async () => {
    await expect(
      createRole(
        'r1',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
        }),
      ),
    ).rejects.toThrow(
      'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
    );
    await expect(
      createRole(
        'r2',
        trust({ Service: 'ec2.amazonaws.com' }, { Resource: '*' }),
      ),
    ).rejects.toThrow('Has prohibited field Resource');
    await expect(
      iam().send(
        new PutRolePolicyCommand({
          RoleName: 'demo-node',
          PolicyName: 'p',
          PolicyDocument: trust(
            { Service: 'ec2.amazonaws.com' },
            { Resource: '*' },
          ),
        }),
      ),
    ).rejects.toThrow('Policy document should not specify a principal.');
  });

  it('keeps a trust policy within 2,048 characters (white space not counted)', async () => {
    const services = Array.from(
      { length: 90 },
      (_, i) => `service${i}.amazonaws.com`,
    );
    const big = trust({ Service: services });
    expect(policySize(big)).toBeGreaterThan(POLICY_QUOTAS.trustPolicy);
    const refused = await createRole('big', big).catch(e => e);
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect(refused.message).toBe(
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    expect(refused.$metadata.httpStatusCode).toBe(409);
    // the same document pretty-printed is the same size to IAM
    const small = trust({ Service: services.slice(0, 10) });
    await createRole('small', JSON.stringify(JSON.parse(small), null, 8));
  });

  it("keeps a role's inline policies within 10,240 characters together", async () => {
    const put = (name: string, size: number) =>
      iam().send(
        new PutRolePolicyCommand({
          RoleName: 'demo-node',
          PolicyName: name,
          PolicyDocument: identityPolicy(size),
        }),
      );
    await put('a', 6000);
    const refused = await put('b', 6000).catch(e => e);
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect(refused.message).toBe(
      'Maximum policy size of 10240 bytes exceeded for role demo-node',
    );
    // replacing a policy counts its new size, not both
    await put('a', 9000);
    await put('b', 1000);
  });

  it('keeps a managed policy within 6,144 characters', async () => {
    const create = (size: number) =>
      iam().send(
        new CreatePolicyCommand({
          PolicyName: `p${size}`,
          PolicyDocument: identityPolicy(size),
        }),
      );
    await expect(create(6200)).rejects.toThrow(
      'Cannot exceed quota for PolicySize: 6144',
    );
    await expect(create(6000)).resolves.toBeDefined();
  });

  it('attaches at most 10 managed policies to a role', async () => {
    await createRole('many', trust({ Service: 'ec2.amazonaws.com' }));
    const attach = (arn: string) =>
      iam().send(
        new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: arn }),
      );
    for (const arn of AWS_MANAGED_POLICIES.slice(0, 10)) await attach(arn);
    // attaching one again is not a new attachment
    await attach(AWS_MANAGED_POLICIES[0]);
    await expect(attach(AWS_MANAGED_POLICIES[10])).rejects.toThrow(
      'Cannot exceed quota for PoliciesPerRole: 10',
    );
  });

  it('keeps role, policy and user names unique regardless of case', async () => {
    await createRole('Deployer', trust({ Service: 'ec2.amazonaws.com' }));
    await expect(
      createRole('deployer', trust({ Service: 'ec2.amazonaws.com' })),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await iam().send(
      new CreatePolicyCommand({
        PolicyName: 'ReadBuckets',
        PolicyDocument: identityPolicy(200),
      }),
    );
    await expect(
      iam().send(
        new CreatePolicyCommand({
          PolicyName: 'readbuckets',
          PolicyDocument: identityPolicy(200),
        }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await expect(
      iam().send(new CreateUserCommand({ UserName: 'SANDBOX-ADMIN' })),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
  });

  it('refuses a document that is not JSON', async () => {
    await expect(createRole('r', '{"Version":')).rejects.toThrow(
      'This policy contains invalid Json',
    );
  });
});
