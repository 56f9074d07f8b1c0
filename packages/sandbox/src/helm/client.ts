import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { HELM_VERSION } from './version';
import { HelmError } from './errors';
import type { ClusterAccess } from './kubeconfig';

/** client-go's limit on retries of an answer that carries Retry-After. */
const MAX_RETRIES = 10;

/** The field manager helm's server-side apply uses. */
const FIELD_MANAGER = 'helm';

/** A Kubernetes API answer: status and parsed JSON body. */
export interface ApiResult {
  status: number;
  body: unknown;
}

interface RawResult extends ApiResult {
  retryAfter?: string;
}

/** Node's TLS verification failures, in client-go's words. */
const TLS_FAILURES: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  SELF_SIGNED_CERT_IN_CHAIN:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  CERT_HAS_EXPIRED:
    'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
};

function messageOf(result: ApiResult): string {
  const body = result.body as { message?: unknown } | undefined;
  return typeof body?.message === 'string'
    ? body.message
    : `HTTP ${result.status}`;
}

/** An API answer that is an error, as helm reports it (the Status message). */
export function apiError(result: ApiResult): HelmError {
  return new HelmError(messageOf(result));
}

/**
 * A Kubernetes API client as helm's client-go: JSON over HTTPS verified with
 * the kubeconfig's CA, the bearer token only over TLS (client-go never sends
 * credentials to an `http://` server), keep-alive connections, and 429/5xx
 * answers with Retry-After retried after that many seconds, at most 10 times.
 */
export class KubeClient {
  private readonly secure: boolean;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly access: ClusterAccess) {
    this.secure = access.server.startsWith('https:');
    this.agent = this.secure
      ? new HttpsAgent({
          keepAlive: true,
          ca: access.ca,
          rejectUnauthorized: !access.insecureSkipTlsVerify,
          servername: access.tlsServerName,
        })
      : new HttpAgent({ keepAlive: true });
  }

  /** Closes the kept-alive connections. */
  close() {
    this.agent.destroy();
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<ApiResult> {
    for (let retries = 0; ; retries++) {
      const result = await this.requestOnce(method, path, body, contentType);
      const wait = Number(result.retryAfter);
      if (
        (result.status === 429 || result.status >= 500) &&
        result.retryAfter !== undefined &&
        Number.isFinite(wait) &&
        retries < MAX_RETRIES
      ) {
        await new Promise(resolve => setTimeout(resolve, wait * 1000));
        continue;
      }
      return { status: result.status, body: result.body };
    }
  }

  private requestOnce(
    method: string,
    path: string,
    body: unknown,
    contentType: string | undefined,
  ): Promise<RawResult> {
    const url = new URL(`${this.access.server}${path}`);
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) payload = JSON.stringify(body);
    const headers: OutgoingHttpHeaders = {
      Accept: 'application/json',
      'User-Agent': `Helm/${HELM_VERSION.slice(1)}`,
    };
    if (payload !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    if (this.secure) {
      const token = this.access.bearerToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    const send = this.secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        { method, headers, agent: this.agent },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk as Buffer));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status === 401) {
              reject(
                new HelmError(
                  'Kubernetes cluster unreachable: the server has asked for the client to provide credentials',
                ),
              );
              return;
            }
            const retryAfter = res.headers['retry-after'];
            resolve({
              status,
              body: parsed,
              retryAfter: Array.isArray(retryAfter)
                ? retryAfter[0]
                : retryAfter,
            });
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        const detail = TLS_FAILURES[error.code ?? ''] ?? error.message;
        reject(
          new HelmError(
            `Kubernetes cluster unreachable: ${
              method === 'GET' ? 'Get' : method
            } "${url}": ${detail}`,
          ),
        );
      });
      req.end(payload);
    });
  }

  /** GET; undefined for 404. */
  async get(path: string): Promise<unknown> {
    const result = await this.request('GET', path);
    if (result.status === 404) return undefined;
    if (result.status >= 300) throw apiError(result);
    return result.body;
  }

  /** Server-side apply, forced, as helm's field manager. */
  async apply(path: string, object: unknown): Promise<unknown> {
    const result = await this.request(
      'PATCH',
      `${path}?fieldManager=${FIELD_MANAGER}&force=true`,
      object,
      'application/apply-patch+yaml',
    );
    if (result.status >= 300) throw apiError(result);
    return result.body;
  }

  /** POST; an existing object (409) is fine. */
  async create(path: string, object: unknown): Promise<unknown> {
    const result = await this.request('POST', path, object);
    if (result.status >= 300 && result.status !== 409) throw apiError(result);
    return result.body;
  }

  /** DELETE; whether it existed. */
  async delete(path: string): Promise<boolean> {
    const result = await this.request('DELETE', path);
    if (result.status >= 300 && result.status !== 404) throw apiError(result);
    return result.status !== 404;
  }
}
