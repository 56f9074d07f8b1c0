import type { ServerResponse } from 'node:http';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import type { ResourceRequest } from './routing.ts';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors.ts';
import { badRequest, gone, notFound } from './status.ts';
import { groupOf, type KubeChange, type KubeObject } from './types.ts';
import { withRequestedVersion } from './writes.ts';

/** The selectors of a list or watch. */
export interface ListFilter {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export function parseFilter(
  type: ResourceType,
  query: URLSearchParams,
): ListFilter {
  return {
    labels: parseLabelSelector(query.get('labelSelector') ?? ''),
    fields: parseFieldSelector(
      query.get('fieldSelector') ?? '',
      type.selectableFields ?? [],
    ),
  };
}

function matches(filter: ListFilter, obj: KubeObject): boolean {
  return (
    matchesLabels(filter.labels, obj.metadata.labels) &&
    matchesFields(filter.fields, obj)
  );
}

/** GET of one object. */
export function getObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
): KubeObject {
  const found = cluster.get(
    apiVersionOf(request.type),
    request.type.kind,
    request.namespace,
    request.name!,
  );
  if (!found) throw notFound(request.type, request.name!);
  return withRequestedVersion(found, request.type);
}

interface ContinueToken {
  /** `namespace/name` of the last item returned. */
  after: string;
}

function itemKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Items of built-in lists carry no kind/apiVersion, as the apiserver sends them. */
function listItem(obj: KubeObject, type: ResourceType) {
  if (type.custom) return withRequestedVersion(obj, type);
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
  return rest;
}

/** GET of a collection, with selectors and `limit`/`continue` paging. */
export function listObjects(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  query: URLSearchParams,
) {
  const { type } = request;
  const filter = parseFilter(type, query);
  let items = cluster
    .list(apiVersionOf(type), type.kind, request.namespace)
    .filter(obj => matches(filter, obj));
  const continueParam = query.get('continue');
  if (continueParam) {
    let token: ContinueToken;
    try {
      token = JSON.parse(
        Buffer.from(continueParam, 'base64url').toString('utf8'),
      ) as ContinueToken;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data');
    }
    if (typeof token.after !== 'string') {
      throw badRequest('continue key is not valid: missing the last key');
    }
    items = items.filter(obj => itemKey(obj) > token.after);
  }
  const limitParam = query.get('limit');
  const limit = limitParam ? Number(limitParam) : 0;
  if (!Number.isInteger(limit) || limit < 0) {
    throw badRequest(
      `limit must be a non-negative integer, got "${limitParam}"`,
    );
  }
  const metadata: Record<string, unknown> = {
    resourceVersion: String(cluster.resourceVersion),
  };
  if (limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = Buffer.from(
      JSON.stringify({ after: itemKey(items[items.length - 1]) }),
    ).toString('base64url');
    metadata.remainingItemCount = remaining;
  }
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata,
    items: items.map(obj => listItem(obj, type)),
  };
}

/**
 * A `watch=true` GET: newline-delimited JSON events, starting with the
 * current objects (no resourceVersion, or `0`) or the changes after the
 * given resourceVersion, until the client goes away or `timeoutSeconds` ends.
 */
export function watchObjects(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  query: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const { type } = request;
  const filter = parseFilter(type, query);
  const group = groupOf(apiVersionOf(type));
  const ofResource = (obj: KubeObject) =>
    groupOf(obj.apiVersion) === group &&
    obj.kind === type.kind &&
    (request.namespace === undefined ||
      obj.metadata.namespace === request.namespace) &&
    (request.name === undefined || obj.metadata.name === request.name);

  const from = query.get('resourceVersion');
  const resume = Boolean(from && from !== '0');
  if (resume && !/^\d+$/.test(from!)) {
    throw badRequest(`invalid resource version: "${from}"`);
  }
  const backlog = resume ? cluster.changesSince(Number(from)) : [];

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  // clients wait for the headers before reading events: send them now
  res.flushHeaders();
  const send = (event: unknown) => res.write(`${JSON.stringify(event)}\n`);

  if (!backlog) {
    send({
      type: 'ERROR',
      object: gone(
        `too old resource version: ${from} (${cluster.resourceVersion})`,
      ).status,
    });
    res.end();
    return Promise.resolve();
  }

  return new Promise(resolve => {
    let lastSent = 0;
    // Objects the client holds as matching: an object that stops matching
    // the selectors is sent as DELETED, one that starts matching as ADDED,
    // as the apiserver's filtered watches do.
    const shown = new Set<string>();
    const keyOf = (obj: KubeObject) =>
      `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const emit = (change: KubeChange) => {
      const resourceVersion = Number(change.object.metadata.resourceVersion);
      if (resourceVersion <= lastSent || !ofResource(change.object)) return;
      const key = keyOf(change.object);
      const matchesNow = matches(filter, change.object);
      const wasShown =
        shown.has(key) || (resume && change.type === 'MODIFIED' && matchesNow);
      let eventType: KubeChange['type'] | undefined;
      if (change.type === 'DELETED') {
        eventType = wasShown || matchesNow ? 'DELETED' : undefined;
      } else if (matchesNow) {
        eventType = wasShown ? 'MODIFIED' : 'ADDED';
      } else if (wasShown) {
        eventType = 'DELETED';
      }
      if (eventType === 'DELETED') shown.delete(key);
      else if (eventType) shown.add(key);
      if (!eventType) return;
      lastSent = resourceVersion;
      send({
        type: eventType,
        object: withRequestedVersion(change.object, type),
      });
    };
    const unsubscribe = cluster.onChange(emit);
    if (resume) {
      for (const entry of backlog) emit(entry.change);
    } else {
      for (const object of cluster.list(
        apiVersionOf(type),
        type.kind,
        request.namespace,
      )) {
        if (ofResource(object) && matches(filter, object)) {
          shown.add(keyOf(object));
          send({ type: 'ADDED', object: withRequestedVersion(object, type) });
        }
      }
      lastSent = cluster.resourceVersion;
    }

    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (!res.writableEnded) res.end();
      resolve();
    };
    if (timeoutSeconds > 0) {
      timer = setTimeout(finish, timeoutSeconds * 1000);
    }
    // not req 'close': it fires once the request body is read, not on disconnect
    res.on('close', finish);
  });
}
