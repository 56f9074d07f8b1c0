import { EKSClient } from '@aws-sdk/client-eks';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { Sandbox } from '../sandbox';

/** SDK client options pointing at a sandbox, as eks-node's AwsClientFactory would. */
export function clientConfig(sandbox: Sandbox, accountId = sandbox.accountId) {
  return {
    endpoint: sandbox.url,
    region: sandbox.region,
    credentials: { accessKeyId: accountId, secretAccessKey: 'sandbox' },
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

/** A raw signed-looking request (the sandbox reads only the credential scope), for wire-level assertions. */
export async function rawAwsRequest(
  sandbox: Sandbox,
  service: string,
  opts: {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const res = await fetch(`${sandbox.url}${opts.path ?? '/'}`, {
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${sandbox.accountId}/20260101/${sandbox.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      ...opts.headers,
    },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Polls until `check` returns a value (not undefined). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
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
