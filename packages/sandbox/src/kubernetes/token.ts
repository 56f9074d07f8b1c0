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
 * Checks an `Authorization` header the way the EKS authenticator does before
 * it forwards the token to STS (the sandbox cannot call STS, and accepts any
 * signature):
 *
 * - `Bearer k8s-aws-v1.` followed by unpadded base64url (padding tolerated),
 *   at most 4096 characters;
 * - decoding to an `https` URL on an STS host (`sts[.region].amazonaws.com[.cn]`)
 *   with path `/` and only the query parameters the authenticator allows;
 * - `Action=GetCallerIdentity`, `X-Amz-Algorithm=AWS4-HMAC-SHA256`, an
 *   `X-Amz-Credential` scoped to the `sts` service, a hex `X-Amz-Signature`,
 *   and `X-Amz-Date` no older than 15 minutes;
 * - `X-Amz-SignedHeaders` listing `x-k8s-aws-id`: the cluster name is a signed
 *   header, so it is not in the URL and only STS could verify it. When a
 *   client instead carries the name in the query (`x-k8s-aws-id` or
 *   `X-Amz-X-K8s-Aws-Id`), the name must equal this cluster's and the signed
 *   header is then not required.
 */
export function checkEksToken(
  authorization: string | undefined,
  clusterName: string,
  now: Date = new Date(),
): TokenCheck {
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
    return { valid: true };
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
  return { valid: true };
}
