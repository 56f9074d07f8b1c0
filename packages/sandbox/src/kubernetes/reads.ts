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
import { badRequest, gone, invalidOptions, notFound } from './status.ts';
import {
  contentTypeOf,
  parseIncludeObject,
  partialObjectMetadata,
  toTable,
  type Rendering,
} from './table.ts';
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

/** An object as the requested rendering asks: itself, its metadata or a Table of it. */
export function renderObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  obj: KubeObject,
  rendering: Rendering,
  query: URLSearchParams,
): unknown {
  if (rendering.as === 'Object') return obj;
  if (rendering.as === 'PartialObjectMetadata') {
    return partialObjectMetadata(obj, rendering.version);
  }
  return toTable(cluster, request.type, [obj], {
    version: rendering.version,
    includeObject: parseIncludeObject(query),
    metadata: { resourceVersion: obj.metadata.resourceVersion },
  });
}

/** A list as the requested rendering asks (Table, PartialObjectMetadataList or the list). */
export function renderList(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  list: ReturnType<typeof listObjects>,
  rendering: Rendering,
  query: URLSearchParams,
): unknown {
  if (rendering.as === 'Object') return list;
  const type = request.type;
  const objects = list.items.map(
    item =>
      ({
        ...item,
        kind: type.kind,
        apiVersion: apiVersionOf(type),
      } as KubeObject),
  );
  if (rendering.as === 'PartialObjectMetadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rendering.version}`,
      metadata: list.metadata,
      items: objects.map(o => partialObjectMetadata(o, rendering.version)),
    };
  }
  return toTable(cluster, type, objects, {
    version: rendering.version,
    includeObject: parseIncludeObject(query),
    metadata: list.metadata,
  });
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

/** How often a watch that allows bookmarks gets one (the apiserver's is about a minute). */
const BOOKMARK_INTERVAL_MS = 60_000;

function parseWatchOptions(query: URLSearchParams) {
  const bool = (name: string) => {
    const value = query.get(name);
    return value === 'true' || value === '1';
  };
  const from = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  const allowBookmarks = bool('allowWatchBookmarks');
  if (from !== '' && from !== '0' && !/^\d+$/.test(from)) {
    throw badRequest(`invalid resource version: "${from}"`);
  }
  // The sandbox serves watches as an API server without the WatchList
  // feature gate: no client it serves asks for streaming lists (kubectl's
  // and client-go's WatchListClient gate is off, @kubernetes/client-node has
  // none), and client-go falls back to list + watch on this refusal.
  if (query.get('sendInitialEvents') !== null) {
    throw invalidListOptions(
      'sendInitialEvents',
      'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
    );
  }
  if (match !== '') {
    throw invalidListOptions(
      'resourceVersionMatch',
      'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
  }
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    throw badRequest(
      `timeoutSeconds must be a non-negative number, got "${query.get(
        'timeoutSeconds',
      )}"`,
    );
  }
  // No resourceVersion or 0: the current state first, as ADDED events.
  // A resourceVersion: the changes after it.
  const initialEvents = from === '' || from === '0';
  return { from, allowBookmarks, initialEvents, timeoutSeconds };
}

function invalidListOptions(field: string, message: string) {
  return invalidOptions('ListOptions', field, message, 'FieldValueForbidden');
}

/**
 * A `watch=true` GET: the response headers at once (so clients see the
 * watch open before any event), then newline-delimited JSON events: the
 * current objects as ADDED (no resourceVersion or `0`) or the changes
 * after the given
 * resourceVersion (an ERROR event with a 410 Expired Status when those are
 * no longer kept), BOOKMARK events when `allowWatchBookmarks=true`, until
 * the client goes away or `timeoutSeconds` ends. Objects are rendered as
 * the Accept header asked (a one-row Table for `kubectl get -w`).
 */
export function watchObjects(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  query: URLSearchParams,
  res: ServerResponse,
  rendering: Rendering = { as: 'Object' },
): Promise<void> {
  const { type } = request;
  const filter = parseFilter(type, query);
  const options = parseWatchOptions(query);
  const includeObject =
    rendering.as === 'Table' ? parseIncludeObject(query) : 'Metadata';
  const group = groupOf(apiVersionOf(type));
  const ofResource = (obj: KubeObject) =>
    groupOf(obj.apiVersion) === group &&
    obj.kind === type.kind &&
    (request.namespace === undefined ||
      obj.metadata.namespace === request.namespace) &&
    (request.name === undefined || obj.metadata.name === request.name);

  const resume = !options.initialEvents;
  const backlog = resume ? cluster.changesSince(Number(options.from)) : [];

  res.writeHead(200, {
    'Content-Type': contentTypeOf(rendering, false),
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  // clients wait for the headers before reading events: send them now
  res.flushHeaders();
  const render = (obj: KubeObject) => {
    const versioned = withRequestedVersion(obj, type);
    if (rendering.as === 'Object') return versioned;
    if (rendering.as === 'PartialObjectMetadata') {
      return partialObjectMetadata(versioned, rendering.version);
    }
    return toTable(cluster, type, [versioned], {
      version: rendering.version,
      includeObject,
      metadata: { resourceVersion: obj.metadata.resourceVersion },
    });
  };
  const send = (event: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };
  const bookmark = () =>
    send({
      type: 'BOOKMARK',
      object: {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: {
          resourceVersion: String(cluster.resourceVersion),
          creationTimestamp: null,
        },
      },
    });

  if (!backlog) {
    send({
      type: 'ERROR',
      object: gone(
        `too old resource version: ${options.from} (${cluster.resourceVersion})`,
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
      send({ type: eventType, object: render(change.object) });
    };
    const unsubscribe = cluster.onChange(emit);
    if (options.initialEvents) {
      for (const object of cluster.list(
        apiVersionOf(type),
        type.kind,
        request.namespace,
      )) {
        if (ofResource(object) && matches(filter, object)) {
          shown.add(keyOf(object));
          send({ type: 'ADDED', object: render(object) });
        }
      }
      lastSent = cluster.resourceVersion;
    } else {
      for (const entry of backlog) emit(entry.change);
    }

    let timer: NodeJS.Timeout | undefined;
    let bookmarks: NodeJS.Timeout | undefined;
    const finish = () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (bookmarks) clearInterval(bookmarks);
      if (!res.writableEnded) res.end();
      resolve();
    };
    if (options.allowBookmarks) {
      bookmarks = setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS);
      bookmarks.unref();
    }
    if (options.timeoutSeconds > 0) {
      timer = setTimeout(() => {
        // the watch cache sends a last bookmark before a watch times out
        if (options.allowBookmarks) bookmark();
        finish();
      }, options.timeoutSeconds * 1000);
    }
    // not req 'close': it fires once the request body is read, not on disconnect
    res.on('close', finish);
  });
}
