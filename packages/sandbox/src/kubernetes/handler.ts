import { removalOf } from './deprecatedApis.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import { serveOpenApi } from './openapi/serve.ts';
import {
  getObject,
  listObjects,
  renderList,
  renderObject,
  watchObjects,
} from './reads.ts';
import { sendError, sendJson } from './respond.ts';
import { getScale, writeScale } from './scale.ts';
import { contentTypeOf as contentTypeFor, renderingOf } from './table.ts';
import { resolveResource, type ResourceRequest } from './routing.ts';
import { methodNotAllowed, pathNotFound, unauthorized } from './status.ts';
import { checkEksToken } from './token.ts';
import type { AccessKeyLookup } from '../aws/sts/accessKeys.ts';
import { apiVersionOf } from './resources.ts';
import { bodyAsJson } from './bodies.ts';
import type { KubeObject } from './types.ts';
import { parseFieldValidation } from './validation.ts';
import {
  createObject,
  deleteCollection,
  deleteObject,
  parseDeleteOptions,
  parseDryRun,
  patchObject,
  replaceObject,
  type OptionsKind,
  type WriteOptions,
} from './writes.ts';

/** The field manager the apiserver derives from the User-Agent. */
function defaultManager(req: IncomingMessage): string {
  const agent = req.headers['user-agent'];
  return agent ? agent.split('/')[0] : 'unknown';
}

/** The options kind each write method validates its query as. */
const OPTIONS_KIND: Record<string, OptionsKind> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
};

function writeOptions(method: string, query: URLSearchParams): WriteOptions {
  const values = query.getAll('dryRun');
  return {
    fieldManager: query.get('fieldManager') ?? undefined,
    fieldValidation: parseFieldValidation(query.get('fieldValidation')),
    warnings: [],
    force: query.get('force') === 'true',
    dryRun:
      OPTIONS_KIND[method] && values.length > 0
        ? parseDryRun(values, OPTIONS_KIND[method])
        : false,
  };
}

function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

async function serveResource(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  body: Buffer,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const { type, name, subresource } = request;
  if (
    name !== undefined &&
    type.namespaced &&
    request.namespace === undefined
  ) {
    throw pathNotFound();
  }
  const manager = defaultManager(req);
  const options = writeOptions(method, query);
  const rendering = renderingOf(req.headers.accept);
  // unknown fields dropped under fieldValidation=Warn, as `Warning` headers
  const sendWithWarnings = (code: number, answer: unknown) => {
    const warnings = options.warnings ?? [];
    if (warnings.length > 0) {
      res.setHeader(
        'Warning',
        warnings.map(w => `299 - ${JSON.stringify(w)}`),
      );
    }
    sendJson(res, code, answer);
  };
  if (name === undefined) {
    if (method === 'GET') {
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        await watchObjects(cluster, request, query, res, rendering);
        return;
      }
      const list = listObjects(cluster, request, query);
      sendJson(
        res,
        200,
        renderList(cluster, request, list, rendering, query),
        contentTypeFor(rendering, true),
      );
      return;
    }
    if (method === 'POST') {
      const result = createObject(
        cluster,
        request,
        bodyAsJson(req, body),
        options,
        manager,
      );
      sendWithWarnings(result.code, result.body);
      return;
    }
    if (method === 'DELETE') {
      const { items } = listObjects(cluster, request, query);
      const matching = items.map(item => ({
        ...item,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
      })) as KubeObject[];
      const deleteOptions = parseDeleteOptions(body, query);
      sendJson(
        res,
        200,
        deleteCollection(cluster, request, matching, deleteOptions),
      );
      return;
    }
    throw methodNotAllowed(method, `the ${type.plural} collection`);
  }
  if (subresource === 'scale') {
    await serveScale(cluster, request, req, res, method, body, options);
    return;
  }
  switch (method) {
    case 'GET':
      if (query.get('watch') === 'true') {
        await watchObjects(cluster, request, query, res, rendering);
        return;
      }
      sendJson(
        res,
        200,
        renderObject(
          cluster,
          request,
          getObject(cluster, request),
          rendering,
          query,
        ),
        contentTypeFor(rendering, false),
      );
      return;
    case 'PUT': {
      const result = replaceObject(
        cluster,
        request,
        bodyAsJson(req, body),
        options,
        manager,
      );
      sendWithWarnings(result.code, result.body);
      return;
    }
    case 'PATCH': {
      const result = patchObject(
        cluster,
        request,
        contentTypeOf(req),
        body,
        options,
        manager,
      );
      sendWithWarnings(result.code, result.body);
      return;
    }
    case 'DELETE': {
      if (subresource)
        throw methodNotAllowed(method, `${type.plural}/${subresource}`);
      const result = deleteObject(
        cluster,
        request,
        parseDeleteOptions(body, query),
      );
      sendJson(res, result.code, result.body);
      return;
    }
    default:
      throw methodNotAllowed(method, type.plural);
  }
}

/** `<resource>/<name>/scale`: GET, PUT, PATCH of an autoscaling/v1 Scale. */
async function serveScale(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  body: Buffer,
  options: WriteOptions,
): Promise<void> {
  const manager = defaultManager(req);
  switch (method) {
    case 'GET':
      sendJson(res, 200, getScale(cluster, request));
      return;
    case 'PUT':
    case 'PATCH': {
      const result = writeScale(
        cluster,
        request,
        method === 'PUT' ? undefined : contentTypeOf(req),
        method === 'PUT' ? bodyAsJson(req, body) : body,
        options,
        manager,
      );
      sendJson(res, result.code, result.body);
      return;
    }
    default:
      throw methodNotAllowed(method, `${request.type.plural}/scale`);
  }
}

async function route(
  cluster: KubernetesCluster,
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  query: URLSearchParams,
  body: Buffer,
): Promise<void> {
  const [root, ...rest] = segments;
  if (segments.length === 1 && ['healthz', 'livez', 'readyz'].includes(root)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (root === 'openapi') {
    serveOpenApi(cluster, req, res, rest);
    return;
  }
  if (segments.length === 1 && root === 'version') {
    sendJson(res, 200, versionInfo(cluster));
    return;
  }
  if (root === 'api') {
    if (rest.length === 0) {
      sendJson(res, 200, apiVersions());
      return;
    }
    const [version, ...resource] = rest;
    if (resource.length === 0) {
      const list = apiResourceList(cluster, '', version);
      if (!list) throw pathNotFound();
      sendJson(res, 200, list);
      return;
    }
    const request = resolveResource(cluster, '', version, resource);
    await serveResource(cluster, request, req, res, query, body);
    return;
  }
  if (root === 'apis') {
    const [group, version, ...resource] = rest;
    if (!group) {
      sendJson(res, 200, apiGroupList(cluster));
      return;
    }
    if (!version) {
      const document = apiGroupDocument(cluster, group);
      if (!document) throw pathNotFound();
      sendJson(res, 200, document);
      return;
    }
    if (resource.length === 0) {
      const list = apiResourceList(cluster, group, version);
      if (!list) throw pathNotFound();
      sendJson(res, 200, list);
      return;
    }
    const request = resolveResource(cluster, group, version, resource);
    // served (resolveResource found it), so the API server's audit log marks
    // it deprecated when it is scheduled for removal: what EKS's deprecated
    // API insight counts. A version no longer served answered 404 above and
    // counts for nothing, as on EKS.
    const removal = removalOf(group, version, request.type.plural);
    if (removal) {
      cluster.deprecatedApiUsage.record(
        removal,
        req.headers['user-agent'] ?? '',
      );
    }
    await serveResource(cluster, request, req, res, query, body);
    return;
  }
  throw pathNotFound();
}

/**
 * What EKS serves without credentials: its API server allows anonymous
 * requests, and the `system:public-info-viewer` role lets them GET
 * /version and the health endpoints. A request that sends a token that is
 * not good is refused all the same (authentication fails before anonymous).
 */
function publicInfo(req: IncomingMessage, pathname: string): boolean {
  return (
    !req.headers.authorization &&
    (req.method ?? 'GET') === 'GET' &&
    ['/version', '/healthz', '/livez', '/readyz'].includes(pathname)
  );
}

/**
 * Serves one Kubernetes API request. `path` is the URL path (and query)
 * on the cluster's endpoint, e.g. `/api/v1/nodes?labelSelector=a%3Db`.
 * Requests need an EKS bearer token for this cluster, signed with one of
 * `accessKeys` (see `checkEksToken`); errors are answered with Kubernetes
 * Status documents.
 */
export async function handleKubernetesRequest(
  cluster: KubernetesCluster,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
  accessKeys: AccessKeyLookup,
): Promise<void> {
  try {
    const url = new URL(path, 'http://kubernetes.sandbox');
    const token = checkEksToken(
      req.headers.authorization,
      cluster.name,
      new Date(),
      accessKeys,
    );
    if (!token.valid && !publicInfo(req, url.pathname)) {
      res.setHeader('X-Sandbox-Auth-Error', token.reason);
      throw unauthorized();
    }
    const segments = url.pathname
      .split('/')
      .filter(s => s.length > 0)
      .map(s => decodeURIComponent(s));
    await route(cluster, req, res, segments, url.searchParams, body);
  } catch (error) {
    sendError(res, error);
  }
}
