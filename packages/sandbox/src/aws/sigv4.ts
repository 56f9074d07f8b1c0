import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the sandbox reads from a SigV4 signature: who, where, which service. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** Reads the credential scope from the Authorization header or a presigned URL's X-Amz-Credential. */
export function credentialScope(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): CredentialScope | undefined {
  const auth = headers.authorization;
  let credential: string | undefined;
  if (typeof auth === 'string') {
    credential = /Credential=([^,\s]+)/.exec(auth)?.[1];
  }
  credential ??= query.get('X-Amz-Credential') ?? undefined;
  if (!credential) return undefined;
  const [accessKeyId, date, region, service] = credential.split('/');
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

/** The payload hash of a request with an empty body. */
const EMPTY_PAYLOAD_HASH = createHash('sha256').update('').digest('hex');

/**
 * The payload hashes a presigned URL may have been signed with: botocore (the
 * AWS CLI's `aws eks get-token`) presigns with `UNSIGNED-PAYLOAD`, the Go and
 * JavaScript SDKs with the hash of the empty body, and STS accepts both.
 */
export const PRESIGNED_PAYLOAD_HASHES = [
  'UNSIGNED-PAYLOAD',
  EMPTY_PAYLOAD_HASH,
];

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** SigV4's URI encoding: RFC 3986 unreserved characters stay, everything else is %XX. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** What SigV4 signs in a presigned GET URL. */
export interface PresignedRequest {
  /** `host[:port]` as signed. */
  host: string;
  /** The URL's path (`/` for STS). */
  path: string;
  /** Every query parameter of the URL but X-Amz-Signature. */
  query: [string, string][];
  /** Values of the signed headers other than `host`, by lower-case name. */
  headers: Record<string, string>;
  /** X-Amz-SignedHeaders: lower-case names joined with `;`. */
  signedHeaders: string;
  /** X-Amz-Date (`YYYYMMDDTHHMMSSZ`). */
  amzDate: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  scope: string;
  payloadHash: string;
}

/**
 * The SigV4 signature of a presigned GET request (AWS Signature Version 4,
 * "Create a signed request": canonical request, string to sign, derived
 * signing key), as STS computes it to check a presigned URL.
 */
export function presignedSignature(
  request: PresignedRequest,
  secretAccessKey: string,
): string {
  const canonicalQuery = request.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    // by encoded name, then value, in code-point order
    .sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = request.signedHeaders.split(';');
  const canonicalHeaders = names
    .map(name => {
      const value = name === 'host' ? request.host : request.headers[name];
      return `${name}:${(value ?? '').trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalPath = request.path
    .split('/')
    .map(segment => uriEncode(decodeURIComponent(segment)))
    .join('/');
  const canonicalRequest = [
    'GET',
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    request.signedHeaders,
    request.payloadHash,
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    request.amzDate,
    request.scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const [date, region, service, terminator] = request.scope.split('/');
  let key = hmac(`AWS4${secretAccessKey}`, date);
  for (const part of [region, service, terminator]) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

/** Compares two hex signatures in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
