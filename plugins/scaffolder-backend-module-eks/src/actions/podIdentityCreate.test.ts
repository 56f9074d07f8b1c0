import {
  CreateFargateProfileCommand,
  DescribePodIdentityAssociationCommand,
  waitUntilFargateProfileActive,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  createBareCluster,
  createSandboxRole,
  sandboxKubernetes,
  setupClients,
  actionContext,
  writesOf,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  useActionSandbox,
  runCrashedThenResumed,
  throttleCalls,
} from '@backstage-eks/scaffolder-test-utils';
import { createEksPodIdentityCreateAction } from './podIdentityCreate';
import { examples } from './podIdentityCreate.examples';

jest.setTimeout(60_000);

describe('aws:eks:pod-identity:create', () => {
  const harness = useActionSandbox();

  const action = () => createEksPodIdentityCreateAction(harness.options);
  const input = {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    inlinePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
      ],
    }),
  };

  it('creates a role trusted by pods.eks.amazonaws.com and the association, noting the MSK limitation', async () => {
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(outputs.roleArn).toBe(
      'arn:aws:iam::000000000000:role/demo-orders-orders-api',
    );
    expect(outputs.roleCreated).toBe(true);
    expect(outputs.associationArn).toMatch(
      /^arn:aws:eks:eu-west-1:000000000000:podidentityassociation\/demo\//,
    );
    const createRole = harness.sandbox.writes.find(
      w => w.operation === 'CreateRole',
    )!;
    const trust = JSON.parse(
      String((createRole.params as any).AssumeRolePolicyDocument),
    );
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
    expect(writesOf(harness.sandbox)).toEqual([
      'iam:CreateRole',
      'iam:AttachRolePolicy',
      'iam:PutRolePolicy',
      'kubernetes:apply',
      'kubernetes:apply',
      'eks:CreatePodIdentityAssociation',
    ]);
    expect(
      harness.sandbox.writes
        .filter(w => w.service === 'kubernetes')
        .map(w => `${(w.params as any).kind} ${(w.params as any).name}`),
    ).toEqual(['Namespace orders', 'ServiceAccount orders-api']);
    const k8s = await sandboxKubernetes(
      harness.sandbox,
      harness.options.awsClientFactory!,
      'demo',
    );
    const sa = await k8s.core.readNamespacedServiceAccount({
      name: 'orders-api',
      namespace: 'orders',
    });
    expect(sa.metadata?.name).toBe('orders-api');
    expect((outputs.notes as string[]).join(' ')).toMatch(/session name.*MSK/);
  });

  it('leaves the service account to the caller when createServiceAccount is false', async () => {
    const { ctx } = actionContext({ ...input, createServiceAccount: false });
    await action().handler(ctx);
    expect(
      harness.sandbox.writes.filter(w => w.service === 'kubernetes'),
    ).toEqual([]);
  });

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(outputs.roleCreated).toBe(false);
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect((outputs.plan as any[]).map(p => p.action)).toEqual([
      'create',
      'update',
      'update',
      'apply',
      'apply',
      'create',
    ]);
  });

  it('uses an existing role and corrects an association that points elsewhere', async () => {
    const roleArn = await createSandboxRole(
      harness.sandbox,
      'orders-existing',
      'pods.eks.amazonaws.com',
    );
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs, logLines } = actionContext({
      clusterName: 'demo',
      namespace: 'orders',
      serviceAccount: 'orders-api',
      roleArn,
    });
    await action().handler(ctx);
    expect(outputs.roleArn).toBe(roleArn);
    expect(writesOf(harness.sandbox)).toEqual([
      'eks:UpdatePodIdentityAssociation',
    ]);
    // the person asked for the other role: a change, not drift
    expect(outputs.drift).toEqual([]);
    expect(logLines).toContainEqual(
      expect.stringMatching(
        /^info: Changing as asked: Pod Identity association orders\/orders-api: re-point it from .*demo-orders-orders-api to .*orders-existing/,
      ),
    );
  });

  it('refuses a namespace that runs on Fargate, explaining why', async () => {
    const { eks } = setupClients(harness.sandbox);
    const podExecutionRoleArn = await createSandboxRole(
      harness.sandbox,
      'fargate-pods',
      'eks-fargate-pods.amazonaws.com',
    );
    await eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'demo',
        fargateProfileName: 'serverless',
        podExecutionRoleArn,
        selectors: [{ namespace: 'serverless-*' }],
      }),
    );
    await waitUntilFargateProfileActive(
      { client: eks, maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.1 },
      { clusterName: 'demo', fargateProfileName: 'serverless' },
    );
    harness.sandbox.clearWrites();
    const { ctx } = actionContext({ ...input, namespace: 'serverless-jobs' });
    await expect(action().handler(ctx)).rejects.toThrow(
      /^namespace "serverless-jobs" runs on Fargate \(profile serverless, selector "serverless-\*"\): EKS Pod Identity does not work on Fargate/,
    );
    expect(harness.sandbox.writes).toEqual([]);
  });

  it('refuses a cluster with only Windows node groups', async () => {
    await createBareCluster(harness.sandbox, 'windows', {
      nodegroupAmiType: 'WINDOWS_CORE_2022_x86_64',
    });
    harness.sandbox.clearWrites();
    const { ctx } = actionContext({
      ...input,
      clusterName: 'windows',
      installAgent: true,
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /only Windows node groups \(workers\): the EKS Pod Identity agent runs on Linux nodes only/,
    );
    expect(harness.sandbox.writes).toEqual([]);
  });

  it('requires the agent add-on, and installs it when asked', async () => {
    await createBareCluster(harness.sandbox, 'bare');
    harness.sandbox.clearWrites();
    await expect(
      action().handler(actionContext({ ...input, clusterName: 'bare' }).ctx),
    ).rejects.toThrow(
      /^installAgent: the eks-pod-identity-agent add-on is not installed on bare/,
    );
    expect(harness.sandbox.writes).toEqual([]);

    const { ctx, outputs } = actionContext({
      ...input,
      clusterName: 'bare',
      installAgent: true,
    });
    await action().handler(ctx);
    expect(outputs.agentInstalled).toBe(true);
    const ops = writesOf(harness.sandbox);
    expect(ops[0]).toBe('eks:CreateAddon');
    expect(ops).toContain('eks:CreatePodIdentityAssociation');
  });

  it('resumes after a crash without repeating checkpointed writes', async () => {
    await runCrashedThenResumed(action, input, '/create/iam-role/');
    expect(
      writesOf(harness.sandbox).filter(o => o === 'iam:CreateRole'),
    ).toHaveLength(1);
    expect(
      writesOf(harness.sandbox).filter(
        o => o === 'eks:CreatePodIdentityAssociation',
      ),
    ).toHaveLength(1);
  });

  it('retries throttled calls', async () => {
    throttleCalls(harness.sandbox, [
      { service: 'eks', throttleRate: 0.3 },
      { service: 'iam', throttleRate: 0.3 },
      // the Kubernetes API answers 429 with Retry-After: 1, so a few
      { service: 'kubernetes', throttleRate: 1, count: 2 },
    ]);
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.injected()).toBeGreaterThan(0);
    expect(outputs.associationId).toEqual(expect.any(String));
  });

  it.each([
    [{ namespace: 'Orders' }, /^namespace must be a DNS-1123 label/],
    [
      { serviceAccount: 'orders_api' },
      /^serviceAccount must be a DNS-1123 subdomain/,
    ],
    [
      { clusterName: 'demo!' },
      /^clusterName must start with a letter or digit/,
    ],
    [
      { managedPolicyArns: ['AmazonS3ReadOnlyAccess'] },
      /^managedPolicyArns\[0\] must be an IAM policy ARN/,
    ],
    [
      { inlinePolicy: '{"Statement": []}' },
      /^inlinePolicy must be an IAM policy document with a non-empty "Statement" list/,
    ],
    [
      { inlinePolicy: 'not json' },
      /^inlinePolicy must be a JSON IAM policy document/,
    ],
    [{ roleName: 'bad name' }, /^roleName must contain only letters, digits/],
    [
      { roleArn: 'arn:aws:iam::000000000000:role/x' },
      /^roleArn must not be combined with roleName, managedPolicyArns or inlinePolicy/,
    ],
    [
      {
        managedPolicyArns: undefined,
        inlinePolicy: undefined,
        roleArn: 'arn:aws:iam::222222222222:role/x',
      },
      /^roleArn must be a role in account 000000000000/,
    ],
    [
      {
        managedPolicyArns: undefined,
        inlinePolicy: undefined,
        roleArn: 'arn:aws:iam::000000000000:role/missing',
      },
      /^roleArn must name an existing IAM role: arn:aws:iam::000000000000:role\/missing does not exist/,
    ],
    [{ clusterName: 'nope' }, /^clusterName: no EKS cluster "nope"/],
  ])('rejects bad input %j before any write', async (change, message) => {
    await expectRefusedBeforeAnyWrite(
      harness,
      action(),
      { ...input, ...change },
      message,
    );
  });

  /** IAM of another account of the sandbox (the portal reaches any there). */
  const iamOfAccount = (accountId: string) =>
    new IAMClient({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: { accessKeyId: accountId, secretAccessKey: 'sandbox' },
    });
  const createDataAccountRole = (name: string) =>
    iamOfAccount('222233334444').send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [],
        }),
      }),
    );

  it('chains to a target role in another account, writes its trust and outputs the external id', async () => {
    await createDataAccountRole('orders-data');
    const { ctx, outputs } = actionContext({
      clusterName: 'demo',
      namespace: 'orders',
      serviceAccount: 'orders-api',
      targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
      writeTargetTrust: true,
      disableSessionTags: true,
      sessionPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    });
    await action().handler(ctx);
    expect(outputs.externalId).toBe(
      'eu-west-1/000000000000/demo/orders/orders-api',
    );
    expect(outputs.targetTrustWritten).toBe(true);
    const { association } = await setupClients(harness.sandbox).eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'demo',
        associationId: outputs.associationId as string,
      }),
    );
    expect(association).toMatchObject({
      targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
      disableSessionTags: true,
    });
    const trust = JSON.parse(
      decodeURIComponent(
        (
          await iamOfAccount('222233334444').send(
            new GetRoleCommand({ RoleName: 'orders-data' }),
          )
        ).Role!.AssumeRolePolicyDocument!,
      ),
    );
    expect(trust.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: outputs.roleArn },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: {
          'sts:ExternalId': 'eu-west-1/000000000000/demo/orders/orders-api',
        },
      },
    });
  });

  it('refuses a session policy without disableSessionTags before any write', async () => {
    await expectRefusedBeforeAnyWrite(
      harness,
      action(),
      {
        ...input,
        sessionPolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          ],
        }),
      },
      /^sessionPolicy requires disableSessionTags: true/,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      await createSandboxRole(
        harness.sandbox,
        'payments-worker',
        'pods.eks.amazonaws.com',
      );
      await createDataAccountRole('reports-data');
      const { ctx, outputs } = actionContext(exampleInput(example));
      await action().handler(ctx);
      expect(outputs.associationId).toEqual(expect.any(String));
    },
  );
});
