import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './aws/AwsError';
import type { AwsContext } from './aws/context';
import type {
  AwsHttpRequest,
  AwsHttpResponse,
  AwsService,
} from './aws/protocols/types';
import { AWS_SERVICES } from './aws/services';
import { recordCall } from './callLog';
import type { EksCluster } from './aws/eks/model';
import {
  credentialScope,
  verifyRequestSignature,
  type SignatureProblem,
} from './aws/sigv4';
import type { AccessKeys } from './aws/sts/accessKeys';
import type { ClusterEndpoints } from './clusterEndpoints';
import type { FaultInjector } from './faults';
import type { AccountRateLimiter } from './rateLimit';
import { handleKubernetesRequest } from './kubernetes';
import { isSecure } from './listener';
import type { Scheduler } from './scheduler';
import type { KubeSimulation } from './simulation/KubeSimulation';
import type { SandboxState } from './state';
import type { WriteLog } from './writeLog';

/** Everything the request handler needs; owned by the Sandbox. */
export interface SandboxRuntime {
  state: SandboxState;
  scheduler: Scheduler;
  faults: FaultInjector;
  /** AWS's per-account request rate (off unless set). */
  rateLimit?: AccountRateLimiter;
  writes: WriteLog;
  simulation: KubeSimulation;
  baseUrl(): string;
  /** Each cluster's own Kubernetes endpoint (a listener per cluster). */
  clusterEndpoints: ClusterEndpoints;
  /** The access keys the sandbox knows and checks signatures with. */
  accessKeys: AccessKeys;
  /** Base64 of the sandbox CA's PEM (every cluster's `certificateAuthority.data`). */
  certificateAuthorityData: string;
  /** Called with one line per request when set (the CLI logs them). */
  log?: (line: string) => void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: AwsHttpResponse) {
  res.writeHead(response.status, {
    ...response.headers,
    'content-length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

function kubeStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
) {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  // kube-apiserver asks clients to come back (client-go honours it for 429
  // and 5xx answers that carry the header)
  if (code === 429 || code === 503) headers['retry-after'] = 1;
  res.writeHead(code, headers);
  res.end(body);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The API versions of the query-protocol services, by the `Version` they send. */
const QUERY_API_VERSIONS: Record<string, string> = {
  '2011-06-15': 'sts',
  '2010-05-08': 'iam',
  '2016-11-15': 'ec2',
  '2015-12-01': 'elasticloadbalancing',
  '2012-11-05': 'sqs',
};

/**
 * Which service a request's body says it is for: a query request by its
 * `Version`, a JSON one by its `X-Amz-Target` prefix; undefined for a REST
 * request (EKS), which says nothing.
 */
function declaredServiceOf(req: AwsHttpRequest): string | undefined {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('AmazonSQS.')) return 'sqs';
  if (target.startsWith('AWSEvents.')) return 'events';
  const form = new URLSearchParams(
    String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')
      ? req.body.toString('utf8')
      : '',
  );
  const version = form.get('Version') ?? req.query.get('Version');
  return (version && QUERY_API_VERSIONS[version]) || undefined;
}

/**
 * Which service an unsigned request was meant for (it carries no credential
 * scope): the one its body names, anything else is EKS's REST API.
 */
function unsignedServiceOf(req: AwsHttpRequest): string {
  return declaredServiceOf(req) ?? 'eks';
}

/**
 * What AWS answers a request without a signature: 403, worded by the
 * service's front end (query services `MissingAuthenticationToken`, the
 * JSON and REST ones `MissingAuthenticationTokenException`).
 */
function missingAuthentication(service: AwsService): AwsError {
  return ['sts', 'iam', 'ec2', 'elasticloadbalancing'].includes(service.name)
    ? new AwsError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403,
      )
    : new AwsError(
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
        403,
      );
}

/**
 * What AWS answers a request whose signature it cannot accept, worded by
 * the service's front end: the query services (STS, IAM, Elastic Load
 * Balancing, SQS) `InvalidClientTokenId` for an access key they do not know
 * and `SignatureDoesNotMatch` for a wrong signature or one signed more than
 * 15 minutes away; EC2 `AuthFailure` (401) for both and `RequestExpired`
 * for the time; the JSON and REST services (EKS, EventBridge)
 * `UnrecognizedClientException` and `InvalidSignatureException`.
 */
function signatureRefusal(
  service: AwsService,
  problem: SignatureProblem,
): AwsError {
  if (service.name === 'ec2') {
    if (problem.kind === 'incomplete') {
      return new AwsError('IncompleteSignature', problem.message, 400);
    }
    if (problem.kind === 'expired') {
      return new AwsError('RequestExpired', 'Request has expired.', 400);
    }
    return new AwsError(
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
      401,
    );
  }
  if (['sts', 'iam', 'elasticloadbalancing', 'sqs'].includes(service.name)) {
    switch (problem.kind) {
      case 'incomplete':
        return new AwsError('IncompleteSignature', problem.message, 400);
      case 'unknownKey':
        return new AwsError('InvalidClientTokenId', problem.message, 403);
      default:
        return new AwsError('SignatureDoesNotMatch', problem.message, 403);
    }
  }
  switch (problem.kind) {
    case 'incomplete':
      return new AwsError('IncompleteSignatureException', problem.message, 403);
    case 'unknownKey':
      return new AwsError('UnrecognizedClientException', problem.message, 403);
    default:
      return new AwsError('InvalidSignatureException', problem.message, 403);
  }
}

/**
 * Serves one HTTP request to the sandbox's port: AWS (by SigV4 service), or
 * a cluster's Kubernetes API under `/k8s/<account>/<region>/<name>` (the
 * sandbox's shortcut to the API that DescribeCluster's endpoint, the root of
 * the cluster's own listener, serves).
 */
export async function handleRequest(
  runtime: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const kubernetes = url.pathname.startsWith('/k8s/');
  await serveLogged(
    runtime,
    req,
    res,
    `${req.method} ${url.pathname}`,
    kubernetes,
    body =>
      kubernetes
        ? serveKubernetes(runtime, req, res, url, body)
        : serveAws(runtime, req, res, url, body),
  );
}

/**
 * Serves one request with `serve` and logs it (status, label, time): a
 * plain-HTTP request to an HTTPS-only API is refused as a Go server refuses
 * it, and an error `serve` throws is a 500 naming it. `serve` may answer
 * with a more precise label for the log.
 */
async function serveLogged(
  runtime: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  label: string,
  httpsOnly: boolean,
  serve: (body: Buffer) => Promise<string | void>,
) {
  const started = Date.now();
  if (httpsOnly && !isSecure(req)) {
    refusePlainHttp(req, res);
    runtime.log?.(
      `${new Date().toISOString()} 400 ${label} plain http to an https endpoint`,
    );
    return;
  }
  const body = await readBody(req);
  let logged = label;
  try {
    logged = (await serve(body)) || label;
  } catch (e) {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
    }
    res.end(`sandbox internal error: ${(e as Error).message}`);
    logged += ` internal error: ${(e as Error).message}`;
  } finally {
    runtime.log?.(
      `${new Date().toISOString()} ${res.statusCode} ${logged} ${
        Date.now() - started
      }ms`,
    );
  }
}

/**
 * What a Go HTTPS server (kube-apiserver) answers when a client speaks plain
 * HTTP to it: this exact HTTP/1.0 response, written raw, and the connection
 * closed.
 */
function refusePlainHttp(req: IncomingMessage, res: ServerResponse) {
  res.statusCode = 400;
  req.socket.end(
    'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n',
  );
}

/**
 * Serves one HTTP request to a cluster's own endpoint (its listener's root):
 * the cluster's Kubernetes API, HTTPS only.
 */
export async function handleClusterRequest(
  runtime: SandboxRuntime,
  cluster: EksCluster,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', 'https://kubernetes');
  await serveLogged(
    runtime,
    req,
    res,
    `kubernetes ${cluster.name} ${req.method} ${url.pathname}`,
    true,
    body => serveCluster(runtime, cluster, req, res, url, body),
  );
}

async function serveKubernetes(
  runtime: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<string> {
  const [, , account, region, clusterName, ...rest] = url.pathname.split('/');
  const label = `kubernetes ${clusterName ?? ''} ${req.method} /${rest.join(
    '/',
  )}`;
  const cluster =
    account && region && clusterName
      ? runtime.state.accounts
          .get(account)
          ?.regions.get(region)
          ?.eks.clusters.get(decodeURIComponent(clusterName))
      : undefined;
  if (!cluster) {
    kubeStatus(
      res,
      404,
      'NotFound',
      `no sandbox cluster ${clusterName} in account ${account}, region ${region}`,
    );
    return label;
  }
  const path = new URL(`/${rest.join('/')}${url.search}`, url);
  await serveCluster(runtime, cluster, req, res, path, body);
  return label;
}

/** Serves a request for a cluster's Kubernetes API; `url` is the path on its endpoint. */
async function serveCluster(
  runtime: SandboxRuntime,
  cluster: EksCluster,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<void> {
  if (!cluster.kube) {
    kubeStatus(
      res,
      404,
      'NotFound',
      `sandbox cluster ${cluster.name} has no Kubernetes API (it is ${cluster.status})`,
    );
    return;
  }
  const decision = runtime.faults.decide('kubernetes', req.method ?? 'GET');
  if (decision.latencyMs) await sleep(decision.latencyMs);
  if (decision.fault === 'throttle') {
    kubeStatus(
      res,
      429,
      'TooManyRequests',
      'Too many requests, please try again later. (injected by the sandbox)',
    );
    return;
  }
  if (decision.fault === 'serverError') {
    // what the API server answers while it sheds load or loses etcd for a
    // moment: 503 with Retry-After, which client-go (and so helm) retries
    kubeStatus(
      res,
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request (injected by the sandbox)',
    );
    return;
  }
  await handleKubernetesRequest(
    cluster.kube,
    req,
    res,
    `${url.pathname}${url.search}`,
    body,
    runtime.accessKeys.lookup,
  );
}

async function serveAws(
  runtime: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<string> {
  const requestId = randomUUID();
  const httpReq: AwsHttpRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
  const signed =
    req.headers.authorization !== undefined ||
    url.searchParams.has('X-Amz-Signature') ||
    url.searchParams.has('X-Amz-Credential');
  if (!signed) {
    const service = AWS_SERVICES[unsignedServiceOf(httpReq)];
    send(
      res,
      service.encodeError(missingAuthentication(service), requestId, httpReq),
    );
    return `${req.method} ${url.pathname} unsigned`;
  }
  const claimed = credentialScope(req.headers, url.searchParams);
  if (claimed && !AWS_SERVICES[claimed.service]) {
    send(res, {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: `The sandbox does not implement the ${claimed.service} service`,
      }),
    });
    return `${claimed.service} unsupported`;
  }
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const declared = declaredServiceOf(httpReq);
  const verified = verifyRequestSignature(
    {
      method: httpReq.method,
      rawPath: queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt),
      rawQuery: queryAt < 0 ? '' : rawUrl.slice(queryAt + 1),
      headers: req.headers,
      body,
    },
    runtime.accessKeys.lookup,
    { service: declared },
  );
  if ('kind' in verified) {
    // answered by the service the request reached (the one its body names)
    const service =
      AWS_SERVICES[declared ?? claimed?.service ?? 'eks'] ?? AWS_SERVICES.eks;
    const error = signatureRefusal(service, verified);
    send(res, service.encodeError(error, requestId, httpReq));
    return `${service.name} ${req.method} ${url.pathname} ${error.code}: ${verified.message}`;
  }
  const { scope, key } = verified;
  const service = AWS_SERVICES[scope.service];
  const accountId = key.accountId;
  const operation = service.operationOf(httpReq);
  const label = `${scope.service} ${operation ?? '?'} ${accountId}/${
    scope.region
  }`;
  if (!operation) {
    send(
      res,
      service.encodeError(
        new AwsError(
          'UnknownOperationException',
          `The sandbox's ${scope.service} does not implement ${httpReq.method} ${url.pathname}`,
          404,
        ),
        requestId,
        httpReq,
      ),
    );
    return label;
  }
  recordCall(
    { service: scope.service, operation, accountId, region: scope.region },
    req.headers,
  );
  if (runtime.rateLimit && !runtime.rateLimit.take(accountId)) {
    send(
      res,
      service.encodeError(service.throttlingError(), requestId, httpReq),
    );
    return `${label} rate limited ${service.throttlingError().code}`;
  }
  const decision = runtime.faults.decide(scope.service, operation);
  if (decision.latencyMs) await sleep(decision.latencyMs);
  if (decision.fault) {
    const error =
      decision.fault === 'throttle'
        ? service.throttlingError()
        : service.serverError();
    send(res, service.encodeError(error, requestId, httpReq));
    return `${label} injected ${error.code}`;
  }
  const account = runtime.state.account(accountId);
  const ctx: AwsContext = {
    service: scope.service,
    operation,
    accountId,
    region: scope.region,
    requestId,
    baseUrl: runtime.baseUrl(),
    clusterEndpoints: runtime.clusterEndpoints,
    accessKeys: runtime.accessKeys,
    certificateAuthorityData: runtime.certificateAuthorityData,
    state: runtime.state,
    account,
    regional: account.region(scope.region),
    scheduler: runtime.scheduler,
    simulation: runtime.simulation,
    recordWrite: params =>
      runtime.writes.record({
        service: scope.service,
        operation,
        params,
        accountId,
        region: scope.region,
      }),
  };
  try {
    send(res, service.invoke(ctx, httpReq));
    return label;
  } catch (e) {
    if (e instanceof AwsError) {
      send(res, service.encodeError(e, requestId, httpReq));
      return `${label} ${e.code}`;
    }
    const failure = service.serverError();
    send(
      res,
      service.encodeError(
        new AwsError(
          failure.code,
          `sandbox internal error: ${(e as Error).message}`,
          500,
        ),
        requestId,
        httpReq,
      ),
    );
    runtime.log?.(`internal failure in ${label}: ${(e as Error).stack}`);
    return `${label} internal failure`;
  }
}
