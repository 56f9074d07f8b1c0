import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eks';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  EventBridgeClient,
  ListRulesCommand,
} from '@aws-sdk/client-eventbridge';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { Sandbox } from '../index';
import { useSandbox } from '../__testUtils__/useSandbox';
import { clientConfig, rawAwsRequest } from '../__testUtils__/clients';
import {
  clientsPresent,
  isolatedClientEnv,
  missingClients,
  runClient,
} from '../__testUtils__/realClients';
import { canonicalUri, verifyRequestSignature } from './sigv4';
import type { AccessKeyLookup } from './sts/accessKeys';

jest.setTimeout(120_000);

const CONFIGURED = {
  accessKeyId: 'AKIACONFIGURED000001',
  secretAccessKey: 'configured/Secret+1',
};

type Credentials = { accessKeyId: string; secretAccessKey: string };

/** One call per service the sandbox serves, with the AWS SDK v3 (@smithy/signature-v4). */
function sdkCalls(sandbox: Sandbox, credentials: Credentials) {
  const config = { ...clientConfig(sandbox), credentials, maxAttempts: 1 };
  return {
    // POST form bodies (query protocol)
    sts: () => new STSClient(config).send(new GetCallerIdentityCommand({})),
    iam: () => new IAMClient(config).send(new ListRolesCommand({})),
    ec2: () => new EC2Client(config).send(new DescribeVpcsCommand({})),
    elasticloadbalancing: () =>
      new ElasticLoadBalancingV2Client(config).send(
        new DescribeLoadBalancersCommand({}),
      ),
    // JSON 1.0 and 1.1 bodies
    sqs: () => new SQSClient(config).send(new ListQueuesCommand({})),
    events: () => new EventBridgeClient(config).send(new ListRulesCommand({})),
    // rest-json: GET with a query string and an empty body
    eks: () =>
      new EKSClient(config).send(new ListClustersCommand({ maxResults: 10 })),
  };
}

async function errorOf(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return {
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      message: error.message,
    };
  }
  throw new Error('the call was accepted');
}

describe('SigV4 verification of AWS requests', () => {
  const sandbox = useSandbox({
    port: 0,
    latencyFactor: 0.0001,
    credentials: [CONFIGURED],
  });
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sigv4-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every service signed by the AWS SDK v3 with an account key and with a configured key', async () => {
    const accepted: string[] = [];
    for (const credentials of [sandbox.credentials, CONFIGURED]) {
      for (const [service, call] of Object.entries(
        sdkCalls(sandbox, credentials),
      )) {
        await call();
        accepted.push(`${credentials.accessKeyId} ${service}`);
      }
    }
    expect(accepted).toHaveLength(14);
  });

  it('accepts rest-json paths holding an ARN (":" and "/" encoded, then encoded again) and JSON bodies', async () => {
    const eks = new EKSClient({ ...clientConfig(sandbox), maxAttempts: 1 });
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    await eks.send(
      new TagResourceCommand({
        resourceArn: cluster!.arn!,
        tags: { 'signed by': 'sdk v3 / smithy' },
      }),
    );
    const { tags } = await eks.send(
      new ListTagsForResourceCommand({ resourceArn: cluster!.arn! }),
    );
    expect(tags).toMatchObject({ 'signed by': 'sdk v3 / smithy' });
    const sqs = new SQSClient({ ...clientConfig(sandbox), maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'signed-queue' }),
    );
    expect(QueueUrl).toMatch(/signed-queue$/);
  });

  it('refuses a wrong secret as each service does', async () => {
    const calls = sdkCalls(sandbox, {
      accessKeyId: sandbox.accountId,
      secretAccessKey: 'not-the-secret',
    });
    const refused: Record<string, [string, number | undefined]> = {};
    for (const [service, call] of Object.entries(calls)) {
      const { name, status } = await errorOf(call);
      refused[service] = [name, status];
    }
    expect(refused).toEqual({
      sts: ['SignatureDoesNotMatch', 403],
      iam: ['SignatureDoesNotMatch', 403],
      ec2: ['AuthFailure', 401],
      elasticloadbalancing: ['SignatureDoesNotMatch', 403],
      sqs: ['SignatureDoesNotMatch', 403],
      events: ['InvalidSignatureException', 403],
      eks: ['InvalidSignatureException', 403],
    });
    expect((await errorOf(calls.sts)).message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('refuses an access key it does not know as each service does', async () => {
    const calls = sdkCalls(sandbox, {
      accessKeyId: 'AKIAUNKNOWN000000000',
      secretAccessKey: 'whatever',
    });
    const refused: Record<string, [string, number | undefined]> = {};
    for (const [service, call] of Object.entries(calls)) {
      const { name, status } = await errorOf(call);
      refused[service] = [name, status];
    }
    expect(refused).toEqual({
      sts: ['InvalidClientTokenId', 403],
      iam: ['InvalidClientTokenId', 403],
      ec2: ['AuthFailure', 401],
      elasticloadbalancing: ['InvalidClientTokenId', 403],
      sqs: ['InvalidClientTokenId', 403],
      events: ['UnrecognizedClientException', 403],
      eks: ['UnrecognizedClientException', 403],
    });
    expect((await errorOf(calls.eks)).message).toBe(
      'The security token included in the request is invalid.',
    );
  });

  it('wants the session token of AssumeRole credentials', async () => {
    const { Credentials } = await new STSClient(clientConfig(sandbox)).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/demo-node',
        RoleSessionName: 'sigv4',
      }),
    );
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
    };
    const withToken = new STSClient({
      ...clientConfig(sandbox),
      credentials: { ...session, sessionToken: Credentials!.SessionToken! },
    });
    expect(
      (await withToken.send(new GetCallerIdentityCommand({}))).Account,
    ).toBe('000000000000');
    expect(await errorOf(sdkCalls(sandbox, session).sts)).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('refuses a request signed more than 15 minutes away from now', async () => {
    const form = {
      method: 'POST',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
    const past = await rawAwsRequest(sandbox, 'sts', {
      ...form,
      sign: { now: new Date(Date.now() - 16 * 60_000) },
    });
    expect(past.status).toBe(403);
    expect(past.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(past.text).toMatch(
      /Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );
    const future = await rawAwsRequest(sandbox, 'sts', {
      ...form,
      sign: { now: new Date(Date.now() + 16 * 60_000) },
    });
    expect(future.status).toBe(403);
    expect(future.text).toMatch(/Signature not yet current/);
    const within = await rawAwsRequest(sandbox, 'sts', {
      ...form,
      sign: { now: new Date(Date.now() - 10 * 60_000) },
    });
    expect(within.status).toBe(200);
    const ec2 = await rawAwsRequest(sandbox, 'ec2', {
      ...form,
      body: 'Action=DescribeVpcs&Version=2016-11-15',
      sign: { now: new Date(Date.now() - 16 * 60_000) },
    });
    expect(ec2.status).toBe(400);
    expect(ec2.text).toContain('<Code>RequestExpired</Code>');
    const eks = await rawAwsRequest(sandbox, 'eks', {
      path: '/clusters',
      sign: { now: new Date(Date.now() - 16 * 60_000) },
    });
    expect(eks.status).toBe(403);
    expect(eks.headers.get('x-amzn-errortype')).toMatch(
      /^InvalidSignatureException/,
    );
  });

  it("checks the credential scope's region and service", async () => {
    const form = {
      method: 'POST',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
    const region = await rawAwsRequest(sandbox, 'sts', {
      ...form,
      sign: { region: 'nowhere' },
    });
    expect(region.status).toBe(403);
    expect(region.text).toContain(
      '<Message>Credential should be scoped to a valid region.</Message>',
    );
    const service = await rawAwsRequest(sandbox, 'iam', form);
    expect(service.status).toBe(403);
    expect(service.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(service.text).toContain('https://sts.amazonaws.com/doc/2011-06-15/');
    expect(service.text).toContain(
      'Credential should be scoped to correct service: &apos;sts&apos;.',
    );
  });

  it('answers a malformed Authorization header with IncompleteSignature', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${sandbox.accountId}/20260101/eu-west-1/sts/aws4_request`,
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toContain('<Code>IncompleteSignature</Code>');
    expect(xml).toContain(
      'requires &apos;SignedHeaders&apos;, &apos;Signature&apos; parameters',
    );
  });

  it('serves the AWS CLI (botocore) for every service and refuses its wrong secret and unknown key', async () => {
    const env = isolatedClientEnv(sandbox, dir);
    if (!clientsPresent(await missingClients(env), 'the AWS CLI SigV4 proof')) {
      return;
    }
    const { cluster } = await new EKSClient(clientConfig(sandbox)).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    const commands = [
      ['sts', 'get-caller-identity'],
      ['iam', 'list-roles'],
      ['ec2', 'describe-vpcs'],
      ['elbv2', 'describe-load-balancers'],
      ['sqs', 'list-queues'],
      ['events', 'list-rules'],
      ['eks', 'list-clusters', '--max-results', '5'],
      ['eks', 'list-tags-for-resource', '--resource-arn', cluster!.arn!],
    ];
    const aws = (args: string[], extra: Record<string, string> = {}) =>
      runClient(
        'aws',
        [
          ...args,
          '--endpoint-url',
          sandbox.url,
          '--region',
          sandbox.region,
          '--output',
          'json',
        ],
        { ...env, ...extra },
      );
    const runs = [];
    for (const args of commands) {
      const run = await aws(args);
      runs.push({ args, stderr: run.stderr, code: run.code });
    }
    expect(runs).toEqual(commands.map(args => ({ args, stderr: '', code: 0 })));
    const wrong = { AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
    expect((await aws(['sts', 'get-caller-identity'], wrong)).stderr).toContain(
      'An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation',
    );
    expect((await aws(['eks', 'list-clusters'], wrong)).stderr).toContain(
      'An error occurred (InvalidSignatureException) when calling the ListClusters operation',
    );
    expect((await aws(['ec2', 'describe-vpcs'], wrong)).stderr).toContain(
      'An error occurred (AuthFailure) when calling the DescribeVpcs operation',
    );
    const unknown = {
      AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000',
      AWS_SECRET_ACCESS_KEY: 'whatever',
    };
    expect((await aws(['iam', 'list-roles'], unknown)).stderr).toContain(
      'An error occurred (InvalidClientTokenId) when calling the ListRoles operation: The security token included in the request is invalid.',
    );
    expect((await aws(['sqs', 'list-queues'], unknown)).stderr).toContain(
      'An error occurred (InvalidClientTokenId) when calling the ListQueues operation',
    );
    expect((await aws(['events', 'list-rules'], unknown)).stderr).toContain(
      'An error occurred (UnrecognizedClientException) when calling the ListRules operation',
    );
  });
});

describe('verifyRequestSignature', () => {
  // Signed by botocore 1.43 (SigV4Auth.add_auth) at 20261203T083439Z.
  const now = new Date('2026-12-03T08:34:39Z');
  const lookup: AccessKeyLookup = id =>
    ({
      AKIDEXAMPLE: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        accountId: '000000000000',
      },
      '000000000000': {
        accessKeyId: '000000000000',
        secretAccessKey: 'sandbox',
        accountId: '000000000000',
      },
    }[id]);

  const vanilla = {
    method: 'GET',
    rawPath: '/',
    rawQuery: '',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20261203T083439Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=0c22d005e2f4db66c46148649bf3a79231b7fdf51780ed5c327d4cfc7771e8eb',
    },
    body: Buffer.alloc(0),
  };
  const arnPath = {
    method: 'POST',
    rawPath:
      '/tags/arn%3Aaws%3Aeks%3Aeu-west-1%3A000000000000%3Acluster%2Fdemo',
    rawQuery: 'b=2&a=x%20y',
    headers: {
      host: 'eks.eu-west-1.amazonaws.com',
      'content-type': 'application/json',
      'x-amz-date': '20261203T083439Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=000000000000/20261203/eu-west-1/eks/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=003f0e364951b45ab162b33587b9b6f3b5c88f28bb89d6c1323bedf477f326e0',
    },
    body: Buffer.from('{"tags":{"a":"b"}}'),
  };

  it('accepts what botocore signed: an empty GET, and a POST to an ARN path with a sorted query and a JSON body', () => {
    expect(verifyRequestSignature(vanilla, lookup, { now })).toMatchObject({
      key: { accessKeyId: 'AKIDEXAMPLE' },
      scope: { region: 'us-east-1', service: 'service' },
    });
    expect(verifyRequestSignature(arnPath, lookup, { now })).toMatchObject({
      key: { accessKeyId: '000000000000' },
      scope: { region: 'eu-west-1', service: 'eks' },
    });
  });

  it('refuses the same requests once anything signed changes', () => {
    const mismatch = { kind: 'mismatch' };
    expect(
      verifyRequestSignature(
        { ...arnPath, body: Buffer.from('{"tags":{"a":"c"}}') },
        lookup,
        { now },
      ),
    ).toMatchObject(mismatch);
    expect(
      verifyRequestSignature({ ...arnPath, rawQuery: 'b=3&a=x%20y' }, lookup, {
        now,
      }),
    ).toMatchObject(mismatch);
    expect(
      verifyRequestSignature(
        { ...arnPath, rawPath: arnPath.rawPath.replace('demo', 'prod') },
        lookup,
        { now },
      ),
    ).toMatchObject(mismatch);
    expect(
      verifyRequestSignature(
        {
          ...vanilla,
          headers: { ...vanilla.headers, host: 'other.amazonaws.com' },
        },
        lookup,
        { now },
      ),
    ).toMatchObject(mismatch);
    expect(
      verifyRequestSignature(vanilla, lookup, {
        now: new Date(now.getTime() + 15 * 60_000 + 1000),
      }),
    ).toMatchObject({ kind: 'expired' });
    expect(
      verifyRequestSignature(vanilla, () => undefined, { now }),
    ).toMatchObject({ kind: 'unknownKey' });
  });

  it('encodes each path segment of the raw path again, after removing . and empty segments', () => {
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('')).toBe('/');
    expect(
      canonicalUri('/tags/arn%3Aaws%3Aeks%3Aeu-west-1%3A0%3Acluster%2Fa'),
    ).toBe('/tags/arn%253Aaws%253Aeks%253Aeu-west-1%253A0%253Acluster%252Fa');
    expect(canonicalUri('/a//./b/../c/')).toBe('/a/c/');
    expect(canonicalUri('/a b:c')).toBe('/a%20b%3Ac');
  });
});
