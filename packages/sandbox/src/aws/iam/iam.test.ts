import { request as httpRequest } from 'node:http';
import {
  AddRoleToInstanceProfileCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { signEksToken } from '../../kubernetes/testing';
import {
  iamClient,
  rawAwsRequest,
  stsClient,
} from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
});
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }],
});

describe('IAM', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  beforeEach(() => sandbox.reset());

  it('creates roles and returns the trust policy URL-encoded, as IAM does', async () => {
    const iam = iamClient(sandbox);
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        AssumeRolePolicyDocument: TRUST,
        Description: 'app role',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(Role).toMatchObject({
      RoleName: 'app',
      Arn: 'arn:aws:iam::000000000000:role/app',
      Path: '/',
      Description: 'app role',
    });
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
    expect(got.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(
      JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)),
    ).toEqual(JSON.parse(TRUST));
    expect(got.Role?.Tags).toEqual([{ Key: 'team', Value: 'shop' }]);
    const roles = await iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map(r => r.RoleName)).toContain('app');
  });

  it('maps errors to the SDK exception classes', async () => {
    const iam = iamClient(sandbox);
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'nope' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'demo-node',
          AssumeRolePolicyDocument: TRUST,
        }),
      ),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    const malformed = await iam
      .send(
        new CreateRoleCommand({
          RoleName: 'bad',
          AssumeRolePolicyDocument: '{"Statement": [',
        }),
      )
      .catch(e => e);
    expect(malformed).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(malformed.message).toBe('This policy contains invalid Json');
    await expect(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'demo-node',
          PolicyName: 'p',
          PolicyDocument: '{"Statement":[{"Effect":"Maybe","Action":"*"}]}',
        }),
      ),
    ).rejects.toThrow('Syntax errors in policy.');
  });

  it('answers errors in the IAM ErrorResponse envelope', async () => {
    const res = await rawAwsRequest(sandbox, 'iam', {
      method: 'POST',
      body: 'Action=GetRole&Version=2010-05-08&RoleName=nope',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(404);
    expect(res.text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name nope cannot be found.<\/Message><\/Error><RequestId>[0-9a-f-]+<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('manages inline and managed policies, attachments and delete conflicts', async () => {
    const iam = iamClient(sandbox);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        AssumeRolePolicyDocument: TRUST,
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'queue',
        PolicyDocument: POLICY,
      }),
    );
    expect(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' })))
        .PolicyNames,
    ).toEqual(['queue']);
    const inline = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'queue' }),
    );
    expect(decodeURIComponent(inline.PolicyDocument!)).toBe(POLICY);

    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'AppPolicy',
        PolicyDocument: POLICY,
      }),
    );
    expect(Policy?.Arn).toBe('arn:aws:iam::000000000000:policy/AppPolicy');
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'app',
        PolicyArn:
          'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      }),
    );
    await expect(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'app',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    const attached = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'app' }),
    );
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AppPolicy', PolicyArn: Policy!.Arn },
      {
        PolicyName: 'AmazonEBSCSIDriverPolicy',
        PolicyArn:
          'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      },
    ]);
    expect(
      (await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }))).Policy
        ?.AttachmentCount,
    ).toBe(1);
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v1' }),
    );
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(POLICY);

    await expect(
      iam.send(new DeleteRoleCommand({ RoleName: 'app' })),
    ).rejects.toBeInstanceOf(DeleteConflictException);
    await iam.send(
      new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'queue' }),
    );
    await iam.send(
      new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }),
    );
    await iam.send(
      new DetachRolePolicyCommand({
        RoleName: 'app',
        PolicyArn:
          'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      }),
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'app' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('updates trust policies and tags', async () => {
    const iam = iamClient(sandbox);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'demo-node',
        PolicyDocument: trust,
      }),
    );
    expect(
      decodeURIComponent(
        (await iam.send(new GetRoleCommand({ RoleName: 'demo-node' }))).Role!
          .AssumeRolePolicyDocument!,
      ),
    ).toBe(trust);
    await iam.send(
      new TagRoleCommand({
        RoleName: 'demo-node',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await iam.send(
      new UntagRoleCommand({ RoleName: 'demo-node', TagKeys: ['a'] }),
    );
    expect(
      (await iam.send(new ListRoleTagsCommand({ RoleName: 'demo-node' }))).Tags,
    ).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('manages instance profiles', async () => {
    const iam = iamClient(sandbox);
    await iam.send(
      new CreateInstanceProfileCommand({
        InstanceProfileName: 'KarpenterNodeProfile',
      }),
    );
    await iam.send(
      new AddRoleToInstanceProfileCommand({
        InstanceProfileName: 'KarpenterNodeProfile',
        RoleName: 'KarpenterNodeRole-demo',
      }),
    );
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({
        InstanceProfileName: 'KarpenterNodeProfile',
      }),
    );
    expect(InstanceProfile?.Roles?.map(r => r.RoleName)).toEqual([
      'KarpenterNodeRole-demo',
    ]);
    const forRole = await iam.send(
      new ListInstanceProfilesForRoleCommand({
        RoleName: 'KarpenterNodeRole-demo',
      }),
    );
    expect(forRole.InstanceProfiles?.map(p => p.InstanceProfileName)).toEqual([
      'KarpenterNodeProfile',
    ]);
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'CreateInstanceProfile',
      'AddRoleToInstanceProfile',
    ]);
    expect(sandbox.writes[1].params).toEqual({
      InstanceProfileName: 'KarpenterNodeProfile',
      RoleName: 'KarpenterNodeRole-demo',
    });
  });

  it('holds the calling user sandbox-admin in every account', async () => {
    const { User } = await iamClient(sandbox, '111122223333').send(
      new GetUserCommand({ UserName: 'sandbox-admin' }),
    );
    const me = await stsClient(sandbox, '111122223333').send(
      new GetCallerIdentityCommand({}),
    );
    expect(User).toMatchObject({
      UserName: 'sandbox-admin',
      Arn: me.Arn,
      UserId: me.UserId,
      Path: '/',
    });
    const implicit = await iamClient(sandbox).send(new GetUserCommand({}));
    expect(implicit.User?.Arn).toBe(
      'arn:aws:iam::000000000000:user/sandbox-admin',
    );
  });

  it('creates, tags, lists and deletes users', async () => {
    const iam = iamClient(sandbox);
    const { User } = await iam.send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/people/',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(User).toMatchObject({
      UserName: 'alice',
      Path: '/people/',
      Arn: 'arn:aws:iam::000000000000:user/people/alice',
    });
    expect(User?.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(User?.CreateDate).toBeInstanceOf(Date);
    await iam.send(
      new TagUserCommand({
        UserName: 'alice',
        Tags: [{ Key: 'owner', Value: 'platform' }],
      }),
    );
    await iam.send(
      new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }),
    );
    expect(
      (await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags,
    ).toEqual([{ Key: 'owner', Value: 'platform' }]);
    expect(
      (await iam.send(new GetUserCommand({ UserName: 'alice' }))).User?.Tags,
    ).toEqual([{ Key: 'owner', Value: 'platform' }]);
    const all = await iam.send(new ListUsersCommand({}));
    expect(all.Users?.map(u => u.UserName).sort()).toEqual([
      'alice',
      'sandbox-admin',
    ]);
    const people = await iam.send(
      new ListUsersCommand({ PathPrefix: '/people/' }),
    );
    expect(people.Users?.map(u => u.UserName)).toEqual(['alice']);
    await expect(
      iam.send(new CreateUserCommand({ UserName: 'alice' })),
    ).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    const gone = await iam
      .send(new GetUserCommand({ UserName: 'alice' }))
      .catch(e => e);
    expect(gone).toBeInstanceOf(NoSuchEntityException);
    expect(gone.message).toBe('The user with name alice cannot be found.');
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'CreateUser',
      'TagUser',
      'UntagUser',
      'DeleteUser',
    ]);
    expect(sandbox.snapshot().accounts['000000000000'].iam.users).toEqual([
      'sandbox-admin',
    ]);
  });

  it('refuses unknown users and bad user names', async () => {
    const iam = iamClient(sandbox);
    await expect(
      iam.send(new DeleteUserCommand({ UserName: 'nobody' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      iam.send(new ListUserTagsCommand({ UserName: 'nobody' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      iam.send(new CreateUserCommand({ UserName: 'no spaces' })),
    ).rejects.toThrow(
      "1 validation error detected: Value 'no spaces' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('throttles with Throttling, which the SDK retries', async () => {
    sandbox.faults.set({ service: 'iam', throttleRate: 1, count: 1 });
    const result = await iamClient(sandbox).send(
      new GetRoleCommand({ RoleName: 'demo-node' }),
    );
    expect(result.$metadata.attempts).toBe(2);
    sandbox.faults.set({ service: 'iam', throttleRate: 1 });
    const error = await iamClient(sandbox)
      .send(new GetRoleCommand({ RoleName: 'demo-node' }))
      .catch(e => e);
    expect(error.name).toBe('Throttling');
    expect(error.$metadata.attempts).toBe(3);
  });
});

describe('STS', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  it('tells who is calling, per account', async () => {
    const me = await stsClient(sandbox, '111122223333').send(
      new GetCallerIdentityCommand({}),
    );
    expect(me).toMatchObject({
      Account: '111122223333',
      Arn: 'arn:aws:iam::111122223333:user/sandbox-admin',
    });
  });

  it('assumes existing roles; the credentials act in the role account', async () => {
    const { Credentials, AssumedRoleUser } = await stsClient(sandbox).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/demo-node',
        RoleSessionName: 'backstage',
      }),
    );
    expect(AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/demo-node/backstage',
    );
    expect(Credentials?.Expiration).toBeInstanceOf(Date);
    const eks = new EKSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken,
      },
    });
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
      'demo',
    ]);
    const denied = await stsClient(sandbox)
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::000000000000:role/nope',
          RoleSessionName: 'x1',
        }),
      )
      .catch(e => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
  });

  it('answers the presigned GetCallerIdentity URL inside an EKS token', async () => {
    const token = signEksToken({ clusterName: 'demo' });
    const presigned = new URL(
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
    );
    expect(presigned.searchParams.get('Action')).toBe('GetCallerIdentity');
    // sent as STS receives it: the Host it was signed for is part of the signature
    const res = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${sandbox.url}/${presigned.search}`,
          { headers: { host: presigned.host, 'x-k8s-aws-id': 'demo' } },
          response => {
            let text = '';
            response.on('data', chunk => (text += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, text }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>.+<\/UserId><Account>000000000000<\/Account>/,
    );
  });
});
