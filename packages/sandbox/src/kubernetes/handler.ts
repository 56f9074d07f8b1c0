import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import { podLog } from './podLogs.ts';
import { getObject, listObjects, watchObjects } from './reads.ts';
import { sendError, sendJson } from './respond.ts';
import { resolveResource, type ResourceRequest } from './routing.ts';
import { methodNotAllowed, pathNotFound, unauthorized } from './status.ts';
import { checkEksToken } from './token.ts';
import { apiVersionOf } from './resources.ts';
import type { KubeObject } from './types.ts';
import {
  createObject,
  deleteCollection,
  deleteObject,
  patchObject,
  replaceObject,
  type WriteOptions,
} from './writes.ts';

/** The field manager the apiserver derives from the User-Agent. */
function defaultManager(req: IncomingMessage): string {
  const agent = req.headers['user-agent'];
  return agent ? agent.split('/')[0] : 'unknown';
}

function writeOptions(query: URLSearchParams): WriteOptions {
  return {
    fieldManager: query.get('fieldManager') ?? undefined,
    force: query.get('force') === 'true',
    dryRun: query.getAll('dryRun').includes('All'),
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
  const options = writeOptions(query);
  if (name === undefined) {
    if (method === 'GET') {
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        await watchObjects(cluster, request, query, res);
        return;
      }
      sendJson(res, 200, listObjects(cluster, request, query));
      return;
    }
    if (method === 'POST') {
      const result = createObject(cluster, request, body, options, manager);
      sendJson(res, result.code, result.body);
      return;
    }
    if (method === 'DELETE') {
      const { items } = listObjects(cluster, request, query);
      const matching = items.map(item => ({
        ...item,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
      })) as KubeObject[];
      sendJson(res, 200, deleteCollection(cluster, request, matching, options));
      return;
    }
    throw methodNotAllowed(method, `the ${type.plural} collection`);
  }
  if (subresource === 'log') {
    if (method !== 'GET') throw methodNotAllowed(method, 'pods/log');
    const text = podLog(cluster, request, query);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
    return;
  }
  switch (method) {
    case 'GET':
      if (query.get('watch') === 'true') {
        await watchObjects(cluster, request, query, res);
        return;
      }
      sendJson(res, 200, getObject(cluster, request));
      return;
    case 'PUT': {
      const result = replaceObject(cluster, request, body, options, manager);
      sendJson(res, result.code, result.body);
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
      sendJson(res, result.code, result.body);
      return;
    }
    case 'DELETE': {
      if (subresource)
        throw methodNotAllowed(method, `${type.plural}/${subresource}`);
      const result = deleteObject(cluster, request, body, options);
      sendJson(res, result.code, result.body);
      return;
    }
    default:
      throw methodNotAllowed(method, type.plural);
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
    await serveResource(cluster, request, req, res, query, body);
    return;
  }
  throw pathNotFound();
}

/**
 * Serves one Kubernetes API request. `path` is the URL path (and query)
 * after the `/k8s/<account>/<region>/<cluster>` prefix, e.g.
 * `/api/v1/nodes?labelSelector=a%3Db`. Requests need an EKS bearer token
 * for this cluster (see `checkEksToken`); errors are answered with
 * Kubernetes Status documents.
 */
export async function handleKubernetesRequest(
  cluster: KubernetesCluster,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
): Promise<void> {
  try {
    const token = checkEksToken(req.headers.authorization, cluster.name);
    if (!token.valid) {
      res.setHeader('X-Sandbox-Auth-Error', token.reason);
      throw unauthorized();
    }
    const url = new URL(path, 'http://kubernetes.sandbox');
    const segments = url.pathname
      .split('/')
      .filter(s => s.length > 0)
      .map(s => decodeURIComponent(s));
    await route(cluster, req, res, segments, url.searchParams, body);
  } catch (error) {
    sendError(res, error);
  }
}
