import { EKSClient } from '@aws-sdk/client-eks';
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  type LoadBalancer,
  type TagDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { createHash, createHmac } from 'node:crypto';
import type { Sandbox } from '../sandbox';
import { SANDBOX_SECRET_ACCESS_KEY } from '../aws/sts/accessKeys';

/** SDK client options pointing at a sandbox, as eks-node's AwsClientFactory would. */
export function clientConfig(sandbox: Sandbox, accountId = sandbox.accountId) {
  return {
    endpoint: sandbox.url,
    region: sandbox.region,
    credentials: {
      accessKeyId: accountId,
      secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
    },
    maxAttempts: 3,
  };
}

export function eksClient(sandbox: Sandbox, accountId?: string) {
  return new EKSClient(clientConfig(sandbox, accountId));
}

/** Waiter settings for a fast sandbox (the SDK's minimum delays are in seconds). */
export function fastWaiter<C>(client: C) {
  return { client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 };
}

/**
 * A raw AWS request signed with SigV4 by this test helper (the header form:
 * canonical request, string to sign, derived key), for wire-level
 * assertions. `sign` overrides what is signed with (a wrong secret, an
 * unknown key, another time).
 */
export async function rawAwsRequest(
  sandbox: Sandbox,
  service: string,
  opts: {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    sign?: {
      accessKeyId?: string;
      secretAccessKey?: string;
      now?: Date;
      region?: string;
    };
  } = {},
) {
  const method = opts.method ?? 'GET';
  const url = new URL(`${sandbox.url}${opts.path ?? '/'}`);
  const body = opts.body ?? '';
  const amzDate = (opts.sign?.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-date': amzDate,
    ...Object.fromEntries(
      Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
  const names = Object.keys(headers).sort();
  const rfc3986 = (v: string) =>
    encodeURIComponent(v).replace(
      /[!'()*]/g,
      c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const query = [...url.searchParams]
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
  const canonical = [
    method,
    url.pathname.split('/').map(rfc3986).join('/'),
    query,
    names.map(n => `${n}:${headers[n].trim()}\n`).join(''),
    names.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${
    opts.sign?.region ?? sandbox.region
  }/${service}/aws4_request`;
  let key: Buffer | string = `AWS4${
    opts.sign?.secretAccessKey ?? SANDBOX_SECRET_ACCESS_KEY
  }`;
  for (const part of scope.split('/')) {
    key = createHmac('sha256', key).update(part).digest();
  }
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n'))
    .digest('hex');
  const { host: _host, ...sent } = headers;
  const res = await fetch(url, {
    method,
    body: opts.body,
    headers: {
      ...sent,
      authorization: `AWS4-HMAC-SHA256 Credential=${
        opts.sign?.accessKeyId ?? sandbox.accountId
      }/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Polls until `check` returns a value (not undefined, and not false). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

export const iamClient = (sandbox: Sandbox, accountId?: string) =>
  new IAMClient(clientConfig(sandbox, accountId));
export const stsClient = (sandbox: Sandbox, accountId?: string) =>
  new STSClient(clientConfig(sandbox, accountId));

export const ec2Client = (sandbox: Sandbox, accountId?: string) =>
  new EC2Client(clientConfig(sandbox, accountId));
export const sqsClient = (sandbox: Sandbox, accountId?: string) =>
  new SQSClient(clientConfig(sandbox, accountId));
export const eventsClient = (sandbox: Sandbox, accountId?: string) =>
  new EventBridgeClient(clientConfig(sandbox, accountId));
export const elbv2Client = (sandbox: Sandbox, accountId?: string) =>
  new ElasticLoadBalancingV2Client(clientConfig(sandbox, accountId));

/**
 * Every load balancer of the sandbox's default account and region with its
 * tags. One deleted between DescribeLoadBalancers and DescribeTags makes
 * DescribeTags fail with LoadBalancerNotFound, as ELBv2 itself does: then
 * both are read again.
 */
export async function loadBalancersWithTags(
  sandbox: Sandbox,
): Promise<{ lb: LoadBalancer; tags: Record<string, string | undefined> }[]> {
  const elb = elbv2Client(sandbox);
  const { LoadBalancers = [] } = await elb.send(
    new DescribeLoadBalancersCommand({}),
  );
  if (LoadBalancers.length === 0) return [];
  let TagDescriptions: TagDescription[];
  try {
    ({ TagDescriptions = [] } = await elb.send(
      new DescribeTagsCommand({
        ResourceArns: LoadBalancers.map(l => l.LoadBalancerArn!),
      }),
    ));
  } catch (error) {
    if (error instanceof LoadBalancerNotFoundException) {
      return loadBalancersWithTags(sandbox);
    }
    throw error;
  }
  return LoadBalancers.map(lb => ({
    lb,
    tags: Object.fromEntries(
      (
        TagDescriptions.find(t => t.ResourceArn === lb.LoadBalancerArn)?.Tags ??
        []
      ).map(t => [t.Key!, t.Value]),
    ),
  }));
}
