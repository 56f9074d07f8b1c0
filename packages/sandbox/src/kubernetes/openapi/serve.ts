import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubernetesCluster } from '../KubernetesCluster.ts';
import { sendJson } from '../respond.ts';
import { KubeApiError, pathNotFound } from '../status.ts';
import {
  openApiV2Document,
  openApiV3Document,
  openApiV3Index,
} from './documents.ts';

/** Whether the request's Accept header allows a JSON answer. */
function acceptsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept
    .split(',')
    .map(part => part.split(';')[0].trim().toLowerCase())
    .some(
      type =>
        type === 'application/json' ||
        type === 'application/*' ||
        type === '*/*',
    );
}

/**
 * `GET /openapi/v2`, `/openapi/v3` and `/openapi/v3/<group version>`. The
 * sandbox speaks JSON only: a request that accepts only the protobuf
 * encoding of the v2 document gets 406, as from a server without it.
 */
export function serveOpenApi(
  cluster: KubernetesCluster,
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
): void {
  const [version, ...rest] = segments;
  if ((req.method ?? 'GET').toUpperCase() !== 'GET') throw pathNotFound();
  if (!acceptsJson(req)) {
    throw new KubeApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `only the following media types are accepted: application/json`,
      reason: 'NotAcceptable',
      code: 406,
    });
  }
  if (version === 'v2' && rest.length === 0) {
    sendJson(res, 200, openApiV2Document(cluster));
    return;
  }
  if (version === 'v3' && rest.length === 0) {
    sendJson(res, 200, openApiV3Index(cluster));
    return;
  }
  if (version === 'v3') {
    const document = openApiV3Document(cluster, rest.join('/'));
    if (!document) throw pathNotFound();
    sendJson(res, 200, document);
    return;
  }
  throw pathNotFound();
}
