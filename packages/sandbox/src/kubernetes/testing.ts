import { createHash, createHmac } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createSandboxTls } from '../tls.ts';
import { handleKubernetesRequest } from './handler.ts';
import {
  AccessKeys,
  SANDBOX_SECRET_ACCESS_KEY,
} from '../aws/sts/accessKeys.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';

/** Status codes whose responses have no body (the Response constructor refuses one). */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * A `fetch` that trusts `ca` (a PEM) and verifies the server against it, as
 * kubectl does with a kubeconfig's certificate-authority-data. Node's global
 * fetch trusts only the system CAs, and a sandbox CA is generated at start.
 */
export function fetchWithCa(ca: string) {
  return (input: string | URL, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const method = init.method ?? 'GET';
      const req = request(
        new URL(String(input)),
        {
          method,
          headers: Object.fromEntries(new Headers(init.headers)),
          ca,
        },
        res => {
          const status = res.statusCode ?? 0;
          const headers = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            for (const item of Array.isArray(value) ? value : [value]) {
              if (item !== undefined) headers.append(key, item);
            }
          }
          const noBody = NULL_BODY_STATUS.has(status) || method === 'HEAD';
          if (noBody) res.resume();
          resolve(
            new Response(
              noBody ? null : (Readable.toWeb(res) as ReadableStream),
              { status, statusText: res.statusMessage, headers },
            ),
          );
        },
      );
      req.on('error', reject);
      init.signal?.addEventListener('abort', () =>
        req.destroy(new Error('This operation was aborted')),
      );
      const body = init.body;
      if (typeof body === 'string' || body instanceof Uint8Array) {
        req.end(body);
      } else if (body === undefined || body === null) {
        req.end();
      } else {
        req.destroy();
        reject(new Error('fetchWithCa sends string or byte bodies only'));
      }
    });
}

const PREFIX = /^\/k8s\/([^/]+)\/([^/]+)\/([^/?]+)(.*)$/;

/**
 * A tiny HTTPS server for tests, with a CA of its own as a sandbox has:
 * routes `/k8s/<account>/<region>/<cluster>/...` to the handler of the named
 * cluster. `fetch` trusts its CA; `caData` is what a kubeconfig carries.
 */
export async function startTestKubernetesServer(
  clusters: KubernetesCluster[],
): Promise<{
  url: string;
  endpoint: (name: string) => string;
  /** PEM of the server's CA. */
  ca: string;
  /** Base64 of the CA PEM (kubeconfig `certificate-authority-data`, client-node `caData`). */
  caData: string;
  /** `fetch` that verifies the server against its CA. */
  fetch: ReturnType<typeof fetchWithCa>;
  stop: () => Promise<void>;
}> {
  const tls = await createSandboxTls();
  // the keys a sandbox knows: each account's own (see signEksToken)
  const accessKeys = new AccessKeys();
  const server: Server = createServer(
    { cert: tls.certPem, key: tls.keyPem },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk as Buffer));
      req.on('end', () => {
        const match = PREFIX.exec(req.url ?? '');
        const cluster = match && clusters.find(c => c.name === match[3]);
        if (!match || !cluster) {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('no such cluster');
          return;
        }
        void handleKubernetesRequest(
          cluster,
          req,
          res,
          match[4] || '/',
          Buffer.concat(chunks),
          accessKeys.lookup,
        );
      });
    },
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoint: name => `${url}/k8s/000000000000/eu-west-1/${name}`,
    ca: tls.caPem,
    caData: Buffer.from(tls.caPem).toString('base64'),
    fetch: fetchWithCa(tls.caPem),
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Signs an EKS bearer token as `aws eks get-token` does: a SigV4-presigned
 * STS GetCallerIdentity URL with the signed header `x-k8s-aws-id`, by
 * default with account 000000000000's own key (the one a sandbox knows).
 */
export function signEksToken(opts: {
  clusterName: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  now?: Date;
  extraQuery?: Record<string, string>;
  signedHeaders?: string;
}): string {
  const region = opts.region ?? 'eu-west-1';
  const now = opts.now ?? new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const host = `sts.${region}.amazonaws.com`;
  const scope = `${day}/${region}/sts/aws4_request`;
  const signedHeaders = opts.signedHeaders ?? 'host;x-k8s-aws-id';
  const query = new URLSearchParams({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${opts.accessKeyId ?? '000000000000'}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': signedHeaders,
    ...opts.extraQuery,
  });
  query.sort();
  const canonicalRequest = [
    'GET',
    '/',
    query.toString().replace(/\+/g, '%20'),
    `host:${host}\nx-k8s-aws-id:${opts.clusterName}\n`,
    signedHeaders,
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key = hmac(
    `AWS4${opts.secretAccessKey ?? SANDBOX_SECRET_ACCESS_KEY}`,
    day,
  );
  for (const part of [region, 'sts', 'aws4_request']) key = hmac(key, part);
  query.set('X-Amz-Signature', hmac(key, stringToSign).toString('hex'));
  const url = `https://${host}/?${query.toString()}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
