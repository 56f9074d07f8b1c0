import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { formatUrl } from '@aws-sdk/util-format-url';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** The prefix of an EKS bearer token. @public */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** How long a token is used before a new one is signed (EKS accepts 15 minutes). */
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

function stsHostname(region: string): string {
  if (region.startsWith('cn-')) return `sts.${region}.amazonaws.com.cn`;
  return `sts.${region}.amazonaws.com`;
}

/**
 * Creates the bearer token EKS accepts, as `aws eks get-token` does: a
 * presigned STS GetCallerIdentity URL whose signed `x-k8s-aws-id` header
 * names the cluster, base64url-encoded behind `k8s-aws-v1.`.
 *
 * @public
 */
export async function createEksToken(opts: {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  now?: Date;
}): Promise<string> {
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const hostname = stsHostname(opts.region);
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, 'x-k8s-aws-id': opts.clusterName },
  });
  const presigned = await signer.presign(request, {
    expiresIn: 60,
    signingDate: opts.now,
  });
  const url = formatUrl(presigned);
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/**
 * Signs EKS tokens and reuses each for most of its lifetime, per cluster and
 * credentials.
 *
 * @public
 */
export class EksTokenCache {
  private readonly tokens = new Map<
    string,
    { token: Promise<string>; expiresAt: number }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  get(opts: {
    clusterName: string;
    region: string;
    accountId: string;
    credentials: AwsCredentialIdentityProvider;
  }): Promise<string> {
    const key = `${opts.accountId}/${opts.region}/${opts.clusterName}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) {
      return cached.token;
    }
    const token = createEksToken(opts);
    this.tokens.set(key, { token, expiresAt: this.now() + TOKEN_LIFETIME_MS });
    token.catch(() => this.tokens.delete(key));
    return token;
  }
}
