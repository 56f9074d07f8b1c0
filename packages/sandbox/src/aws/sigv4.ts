import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessKey, AccessKeyLookup } from './sts/accessKeys';

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

/** How far a request's X-Amz-Date may be from the sandbox's clock (AWS: 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** One HTTP request as it arrived, for {@link verifyRequestSignature}. */
export interface ArrivedRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Why a signed request is refused, in the terms every AWS front end uses
 * (each service words them its own way, see server.ts):
 * - `incomplete`: the Authorization header or presigned query lacks a part;
 * - `unknownKey`: no such access key (or a session token that does not go with it);
 * - `mismatch`: the signature is not the one the secret gives, or the scope is wrong;
 * - `expired`: X-Amz-Date is more than 15 minutes from now (or a presigned URL expired).
 */
export interface SignatureProblem {
  kind: 'incomplete' | 'unknownKey' | 'mismatch' | 'expired';
  message: string;
}

/** A verified request: the key it was signed with and its scope. */
export interface VerifiedSignature {
  key: AccessKey;
  scope: CredentialScope;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** What the client sent: from the Authorization header or a presigned URL's query. */
interface SignatureParts {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string | undefined;
  sessionToken: string | undefined;
  /** Presigned URLs: X-Amz-Expires (seconds). */
  expiresSeconds?: number;
  presigned: boolean;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : value;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The query string's pairs, decoded as the services read them (a `+` is a
 * space, as in URLSearchParams; SigV4 clients send a space as %20 anyway).
 */
function queryPairs(rawQuery: string): [string, string][] {
  const decode = (v: string) => safeDecode(v.replace(/\+/g, ' '));
  return rawQuery
    .split('&')
    .filter(pair => pair.length > 0)
    .map(pair => {
      const eq = pair.indexOf('=');
      return eq < 0
        ? [decode(pair), '']
        : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

/** `YYYYMMDD'T'HHMMSS'Z'` to a Date, or undefined. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function signatureParts(
  req: ArrivedRequest,
  query: [string, string][],
): SignatureParts | SignatureProblem {
  const auth = headerValue(req.headers, 'authorization').trim();
  if (auth) {
    const space = auth.indexOf(' ');
    const algorithm = space < 0 ? auth : auth.slice(0, space);
    if (algorithm !== ALGORITHM) {
      return {
        kind: 'incomplete',
        message: `Unsupported AWS 'algorithm': '${algorithm}'`,
      };
    }
    const fields = new Map<string, string>();
    for (const part of auth.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0)
        fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter(
      name => !fields.get(name),
    );
    if (missing.length) {
      return {
        kind: 'incomplete',
        message: `Authorization header requires ${missing
          .map(name => `'${name}'`)
          .join(', ')} parameter${
          missing.length > 1 ? 's' : ''
        }. Authorization=${algorithm} ${
          fields.has('Credential')
            ? `Credential=${fields.get('Credential')}`
            : ''
        }`,
      };
    }
    let amzDate = headerValue(req.headers, 'x-amz-date') || undefined;
    if (!amzDate && req.headers.date) {
      const date = new Date(headerValue(req.headers, 'date'));
      if (!Number.isNaN(date.getTime())) amzDate = toAmzDate(date);
    }
    return {
      credential: fields.get('Credential')!,
      signedHeaders: fields.get('SignedHeaders')!,
      signature: fields.get('Signature')!,
      amzDate,
      sessionToken:
        headerValue(req.headers, 'x-amz-security-token') || undefined,
      presigned: false,
    };
  }
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  const algorithm = param('X-Amz-Algorithm');
  if (algorithm !== ALGORITHM) {
    return {
      kind: 'incomplete',
      message: `Unsupported AWS 'algorithm': '${algorithm ?? ''}'`,
    };
  }
  const missing = [
    'X-Amz-Credential',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
    'X-Amz-Date',
  ].filter(name => !param(name));
  if (missing.length) {
    return {
      kind: 'incomplete',
      message: `AWS query-string parameters must include ${missing
        .map(name => `'${name}'`)
        .join(', ')}. Re-examine the query-string parameters.`,
    };
  }
  const expires = param('X-Amz-Expires');
  return {
    credential: param('X-Amz-Credential')!,
    signedHeaders: param('X-Amz-SignedHeaders')!,
    signature: param('X-Amz-Signature')!,
    amzDate: param('X-Amz-Date'),
    sessionToken: param('X-Amz-Security-Token'),
    expiresSeconds: expires === undefined ? undefined : Number(expires),
    presigned: true,
  };
}

/**
 * SigV4's canonical URI for every service but S3: the path as sent, with
 * `.`/`..` and empty segments removed (a trailing `/` kept), then each
 * segment URI-encoded again, so `%3A` in an ARN becomes `%253A`.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** SigV4's canonical query string: every pair encoded once, sorted by name then value. */
export function canonicalQueryString(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The hex SigV4 signature of a string to sign with a secret and a scope's date/region/service. */
function sign(
  secretAccessKey: string,
  scope: string,
  stringToSign: string,
): string {
  let key = hmac(`AWS4${secretAccessKey}`, scope.split('/')[0]);
  for (const part of scope.split('/').slice(1)) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

/** A region name's shape: `eu-west-1`, `us-gov-west-1`, `ap-southeast-4`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Verifies a request's SigV4 signature as an AWS front end does, in its
 * order: the signature's parts, the credential scope (date, region,
 * terminator, service), the access key and its session token, the
 * request's date (within 15 minutes of now), then the signature over the
 * canonical request (method, path encoded twice, sorted query, the signed
 * headers trimmed, the SHA-256 of the body).
 *
 * @param service - the service the request was meant for, when its body
 *   says so (a query `Version`, an `X-Amz-Target`): the scope must name it
 */
export function verifyRequestSignature(
  req: ArrivedRequest,
  lookup: AccessKeyLookup,
  opts: { now?: Date; service?: string } = {},
): VerifiedSignature | SignatureProblem {
  const now = opts.now ?? new Date();
  const query = queryPairs(req.rawQuery);
  const parts = signatureParts(req, query);
  if ('kind' in parts) return parts;
  const [accessKeyId, scopeDate, region, service, terminator, ...extra] =
    parts.credential.split('/');
  if (
    !accessKeyId ||
    !scopeDate ||
    !region ||
    !service ||
    !terminator ||
    extra.length
  ) {
    return {
      kind: 'incomplete',
      message: `Credential should be scoped to a valid region, a valid service and a terminator: ${parts.credential}`,
    };
  }
  if (!parts.amzDate) {
    return {
      kind: 'incomplete',
      message:
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  }
  const date = parseAmzDate(parts.amzDate);
  if (!date) {
    return {
      kind: 'incomplete',
      message: `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'": ${parts.amzDate}`,
    };
  }
  if (scopeDate !== parts.amzDate.slice(0, 8)) {
    return {
      kind: 'mismatch',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${parts.amzDate.slice(
        0,
        8,
      )}', from '${parts.amzDate}'.`,
    };
  }
  if (terminator !== 'aws4_request') {
    return {
      kind: 'mismatch',
      message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
    };
  }
  if (!REGION.test(region)) {
    return {
      kind: 'mismatch',
      message: 'Credential should be scoped to a valid region.',
    };
  }
  if (opts.service && service !== opts.service) {
    return {
      kind: 'mismatch',
      message: `Credential should be scoped to correct service: '${opts.service}'.`,
    };
  }
  const key = lookup(accessKeyId, now);
  if (!key || (parts.sessionToken ?? '') !== (key.sessionToken ?? '')) {
    return {
      kind: 'unknownKey',
      message: 'The security token included in the request is invalid.',
    };
  }
  const nowStamp = toAmzDate(now);
  if (parts.presigned) {
    const expires = parts.expiresSeconds;
    if (expires !== undefined && (!Number.isInteger(expires) || expires < 1)) {
      return {
        kind: 'incomplete',
        message: 'X-Amz-Expires must be a positive integer number of seconds.',
      };
    }
    if (
      date.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS ||
      (expires !== undefined && now.getTime() > date.getTime() + expires * 1000)
    ) {
      return {
        kind: 'expired',
        message: `Request has expired: signed at ${parts.amzDate}, now ${nowStamp}.`,
      };
    }
  } else if (now.getTime() - date.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      kind: 'expired',
      message: `Signature expired: ${
        parts.amzDate
      } is now earlier than ${toAmzDate(
        new Date(now.getTime() - MAX_CLOCK_SKEW_MS),
      )} (${nowStamp} - 15 min.)`,
    };
  } else if (date.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      kind: 'expired',
      message: `Signature not yet current: ${
        parts.amzDate
      } is still later than ${toAmzDate(
        new Date(now.getTime() + MAX_CLOCK_SKEW_MS),
      )} (${nowStamp} + 15 min.)`,
    };
  }
  const scope = `${scopeDate}/${region}/${service}/${terminator}`;
  const canonicalHeaders = parts.signedHeaders
    .split(';')
    .map(
      name =>
        `${name}:${headerValue(req.headers, name)
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const signedQuery = parts.presigned
    ? query.filter(([k]) => k !== 'X-Amz-Signature')
    : query;
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const payloadHashes = parts.presigned
    ? [bodyHash, 'UNSIGNED-PAYLOAD']
    : [bodyHash];
  const matches = payloadHashes.some(payloadHash => {
    const canonicalRequest = [
      req.method.toUpperCase(),
      canonicalUri(req.rawPath),
      canonicalQueryString(signedQuery),
      canonicalHeaders,
      parts.signedHeaders,
      payloadHash,
    ].join('\n');
    const stringToSign = [
      ALGORITHM,
      parts.amzDate,
      scope,
      createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
    ].join('\n');
    return sameSignature(
      sign(key.secretAccessKey, scope, stringToSign),
      parts.signature.toLowerCase(),
    );
  });
  if (!matches) {
    return {
      kind: 'mismatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return {
    key,
    scope: { accessKeyId, date: scopeDate, region, service },
  };
}
