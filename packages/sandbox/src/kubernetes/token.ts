import type { AccessKeyLookup } from '../aws/sts/accessKeys.ts';
import {
  PRESIGNED_PAYLOAD_HASHES,
  presignedSignature,
  sameSignature,
} from '../aws/sigv4.ts';

/** The prefix of an EKS bearer token. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** aws-iam-authenticator refuses tokens longer than this. */
const MAX_TOKEN_LENGTH = 4096;

/** aws-iam-authenticator accepts a token for 15 minutes after X-Amz-Date. */
const TOKEN_VALIDITY_MS = 15 * 60 * 1000;

/** Tolerated clock skew for tokens dated in the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Query parameters aws-iam-authenticator allows in the presigned URL. */
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
  // not in a token `aws eks get-token` makes; accepted (and checked) when a
  // client hoists the cluster header into the query
  'x-k8s-aws-id',
  'x-amz-x-k8s-aws-id',
]);

const STS_HOST = /^sts(-fips)?(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

/** The outcome of checking a bearer token. */
export type TokenCheck = { valid: true } | { valid: false; reason: string };

/**
 * Checks an `Authorization` header the way the EKS authenticator and STS do.
 * The authenticator first checks the token's form:
 *
 * - `Bearer k8s-aws-v1.` followed by unpadded base64url (padding tolerated),
 *   at most 4096 characters;
 * - decoding to an `https` URL on an STS host (`sts[.region].amazonaws.com[.cn]`)
 *   with path `/` and only the query parameters the authenticator allows;
 * - `Action=GetCallerIdentity`, `X-Amz-Algorithm=AWS4-HMAC-SHA256`, an
 *   `X-Amz-Credential` scoped to the `sts` service, a hex `X-Amz-Signature`,
 *   and `X-Amz-Date` no older than 15 minutes;
 * - `X-Amz-SignedHeaders` listing `x-k8s-aws-id`: the cluster name is a signed
 *   header, so it is not in the URL. When a client instead carries the name
 *   in the query (`x-k8s-aws-id` or `X-Amz-X-K8s-Aws-Id`), the name must
 *   equal this cluster's and the signed header is then not required.
 *
 * It then sends the presigned request to STS with the header
 * `x-k8s-aws-id: <this cluster's name>`, and STS verifies the signature:
 * with `accessKeys` (the keys the sandbox knows, as STS knows AWS's) the
 * check does the same (see {@link verifyTokenSignature}), so a token
 * presigned for another cluster, or with a secret that is not the access
 * key's, is refused. Without it only the form is checked.
 */
export function checkEksToken(
  authorization: string | undefined,
  clusterName: string,
  now: Date = new Date(),
  accessKeys?: AccessKeyLookup,
): TokenCheck {
  const form = checkTokenForm(authorization, clusterName, now);
  if (!form.valid) return form;
  if (!accessKeys) return { valid: true };
  return verifyTokenSignature(form.url, clusterName, accessKeys, now);
}

type TokenForm = { valid: true; url: URL } | { valid: false; reason: string };

function checkTokenForm(
  authorization: string | undefined,
  clusterName: string,
  now: Date,
): TokenForm {
  if (!authorization) {
    return { valid: false, reason: 'no Authorization header' };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!bearer) return { valid: false, reason: 'not a Bearer token' };
  const token = bearer[1];
  if (!token.startsWith(EKS_TOKEN_PREFIX)) {
    return {
      valid: false,
      reason: `token is missing expected "${EKS_TOKEN_PREFIX}" prefix`,
    };
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    return { valid: false, reason: 'token is too large' };
  }
  const encoded = token.slice(EKS_TOKEN_PREFIX.length).replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) {
    return { valid: false, reason: 'illegal base64url data in token' };
  }
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'token does not decode to a URL' };
  }
  if (url.protocol !== 'https:') {
    return { valid: false, reason: `unexpected scheme ${url.protocol}` };
  }
  if (!STS_HOST.test(url.hostname)) {
    return { valid: false, reason: `unexpected hostname ${url.hostname}` };
  }
  if (url.pathname !== '/') {
    return { valid: false, reason: `unexpected path ${url.pathname}` };
  }
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const lower = key.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(lower)) {
      return { valid: false, reason: `non-whitelisted query parameter ${key}` };
    }
    if (params.has(lower)) {
      return { valid: false, reason: `duplicate query parameter ${key}` };
    }
    params.set(lower, value);
  }
  if (params.get('action') !== 'GetCallerIdentity') {
    return {
      valid: false,
      reason: 'unexpected action (not GetCallerIdentity)',
    };
  }
  if (params.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
    return { valid: false, reason: 'X-Amz-Algorithm is not AWS4-HMAC-SHA256' };
  }
  const credential = params.get('x-amz-credential') ?? '';
  if (!/^[^/]+\/\d{8}\/[a-z0-9-]+\/sts\/aws4_request$/.test(credential)) {
    return { valid: false, reason: 'X-Amz-Credential is not an STS scope' };
  }
  if (!/^[0-9a-f]{64}$/.test(params.get('x-amz-signature') ?? '')) {
    return { valid: false, reason: 'X-Amz-Signature is missing or malformed' };
  }
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(
    params.get('x-amz-date') ?? '',
  );
  if (!date) return { valid: false, reason: 'X-Amz-Date is missing' };
  const signedAt = Date.UTC(
    Number(date[1]),
    Number(date[2]) - 1,
    Number(date[3]),
    Number(date[4]),
    Number(date[5]),
    Number(date[6]),
  );
  if (now.getTime() - signedAt > TOKEN_VALIDITY_MS) {
    return {
      valid: false,
      reason: 'X-Amz-Date parameter is expired (15 minute expiration)',
    };
  }
  if (signedAt - now.getTime() > CLOCK_SKEW_MS) {
    return { valid: false, reason: 'X-Amz-Date parameter is in the future' };
  }
  const queryCluster =
    params.get('x-k8s-aws-id') ?? params.get('x-amz-x-k8s-aws-id');
  if (queryCluster !== undefined) {
    if (queryCluster !== clusterName) {
      return {
        valid: false,
        reason: `token is for cluster "${queryCluster}", not "${clusterName}"`,
      };
    }
    return { valid: true, url };
  }
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '')
    .toLowerCase()
    .split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) {
    return {
      valid: false,
      reason:
        'client did not sign the x-k8s-aws-id header in the pre-signed URL',
    };
  }
  return { valid: true, url };
}

/** What the authenticator reports when STS refuses the presigned request. */
function stsRefused(code: string, message: string): TokenCheck {
  return {
    valid: false,
    reason: `sts getCallerIdentity failed: error from AWS (expected 200, got 403): ${code}: ${message}`,
  };
}

/**
 * Verifies a token's SigV4 signature as STS does when the EKS authenticator
 * forwards it: the access key must be one the sandbox knows (an unknown or
 * expired key is STS's `InvalidClientTokenId`), temporary credentials must
 * come with their session token, and the signature recomputed with the key's
 * secret over the URL and the signed headers (`host`, and `x-k8s-aws-id` with
 * the name of the cluster that received the token) must match
 * (`SignatureDoesNotMatch`), which is what binds a token to its cluster.
 */
export function verifyTokenSignature(
  url: URL,
  clusterName: string,
  accessKeys: AccessKeyLookup,
  now: Date = new Date(),
): TokenCheck {
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams)
    params.set(key.toLowerCase(), value);
  const credential = params.get('x-amz-credential') ?? '';
  const slash = credential.indexOf('/');
  const accessKeyId = credential.slice(0, slash);
  const key = accessKeys(accessKeyId, now);
  if (!key) {
    return stsRefused(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  if (
    key.sessionToken !== undefined &&
    params.get('x-amz-security-token') !== key.sessionToken
  ) {
    return stsRefused(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').toLowerCase();
  const unknownHeader = signedHeaders
    .split(';')
    .find(name => name !== 'host' && name !== 'x-k8s-aws-id');
  const given = params.get('x-amz-signature') ?? '';
  const request = {
    host: url.host,
    path: url.pathname,
    query: [...url.searchParams].filter(
      ([name]) => name.toLowerCase() !== 'x-amz-signature',
    ),
    headers: { 'x-k8s-aws-id': clusterName },
    signedHeaders,
    amzDate: params.get('x-amz-date') ?? '',
    scope: credential.slice(slash + 1),
  };
  const matches =
    unknownHeader === undefined &&
    PRESIGNED_PAYLOAD_HASHES.some(payloadHash =>
      sameSignature(
        presignedSignature({ ...request, payloadHash }, key.secretAccessKey),
        given,
      ),
    );
  if (!matches) {
    return stsRefused(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { valid: true };
}
