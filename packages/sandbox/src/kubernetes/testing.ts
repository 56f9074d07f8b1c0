import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleKubernetesRequest } from './handler.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';

const PREFIX = /^\/k8s\/([^/]+)\/([^/]+)\/([^/?]+)(.*)$/;

/**
 * A tiny HTTP server for tests: routes `/k8s/<account>/<region>/<cluster>/...`
 * to the handler of the named cluster.
 */
export async function startTestKubernetesServer(
  clusters: KubernetesCluster[],
): Promise<{
  url: string;
  endpoint: (name: string) => string;
  stop: () => Promise<void>;
}> {
  const server: Server = createServer((req, res) => {
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
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoint: name => `${url}/k8s/000000000000/eu-west-1/${name}`,
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
 * STS GetCallerIdentity URL with the signed header `x-k8s-aws-id`.
 */
export function signEksToken(opts: {
  clusterName: string;
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
    'X-Amz-Credential': `AKIDEXAMPLE/${scope}`,
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
  let key = hmac('AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', day);
  for (const part of [region, 'sts', 'aws4_request']) key = hmac(key, part);
  query.set('X-Amz-Signature', hmac(key, stringToSign).toString('hex'));
  const url = `https://${host}/?${query.toString()}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
