import { parse as parseYaml } from 'yaml';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import { isPlainObject, jsonPatch, mergePatch } from './patches.ts';
import { apiVersionOf } from './resources.ts';
import type { ResourceRequest } from './routing.ts';
import type { LabelSelectorSpec } from './selectors.ts';
import {
  badRequest,
  invalid,
  invalidOptions,
  notFound,
  unsupportedMediaType,
} from './status.ts';
import type { KubeObject } from './types.ts';
import { patchObject, type WriteOptions, type WriteResult } from './writes.ts';

/** The `autoscaling/v1` type of the `/scale` subresource. */
const SCALE_TYPE = {
  group: 'autoscaling',
  version: 'v1',
  kind: 'Scale',
  plural: 'scale',
  singular: 'scale',
  namespaced: true,
  subresources: [],
  custom: false,
};

/** A label selector as a string (metav1.FormatLabelSelector). */
export function formatLabelSelector(
  selector: LabelSelectorSpec | undefined,
): string {
  const terms: string[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}).sort(
    ([a], [b]) => a.localeCompare(b),
  )) {
    terms.push(`${key}=${value}`);
  }
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        terms.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        terms.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        terms.push(e.key);
        break;
      case 'DoesNotExist':
        terms.push(`!${e.key}`);
        break;
      default:
        // LabelSelectorAsSelector refuses an unknown operator
        return '<error>';
    }
  }
  return terms.length > 0 ? terms.join(',') : '<none>';
}

/** The Scale of a Deployment or ReplicaSet (as the registry converts it). */
export function scaleOf(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as {
    replicas?: number;
    selector?: LabelSelectorSpec;
  };
  const status = (obj.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: {
      replicas: status.replicas ?? 0,
      selector: formatLabelSelector(spec.selector),
    },
  };
}

function parentOf(cluster: KubernetesCluster, request: ResourceRequest) {
  const found = cluster.get(
    apiVersionOf(request.type),
    request.type.kind,
    request.namespace,
    request.name!,
  );
  if (!found) throw notFound(request.type, request.name!);
  return found;
}

/** GET of `<resource>/<name>/scale`. */
export function getScale(
  cluster: KubernetesCluster,
  request: ResourceRequest,
): KubeObject {
  return scaleOf(parentOf(cluster, request));
}

function parseBody(body: Buffer, yaml: boolean): unknown {
  try {
    const text = body.toString('utf8');
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the body of the request was not valid ${yaml ? 'YAML' : 'JSON'}: ${
        (e as Error).message
      }`,
    );
  }
}

/** The Scale a PUT or PATCH asks for, from the current one. */
function requestedScale(
  current: KubeObject,
  contentType: string | undefined,
  body: Buffer,
  options: WriteOptions,
): KubeObject {
  if (contentType === undefined) return parseBody(body, false) as KubeObject;
  switch (contentType) {
    case 'application/json-patch+json':
      return jsonPatch(current, parseBody(body, false)) as KubeObject;
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
      // Scale has no lists: a strategic merge patch merges like a merge patch
      return mergePatch(current, parseBody(body, false) as never) as KubeObject;
    case 'application/apply-patch+yaml':
      if (!options.fieldManager) {
        throw invalidOptions(
          'PatchOptions',
          'fieldManager',
          'Required value: is required for apply patch',
        );
      }
      return mergePatch(current, parseBody(body, true) as never) as KubeObject;
    default:
      throw unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ]);
  }
}

/**
 * PUT (contentType undefined) or PATCH of `<resource>/<name>/scale`: sets
 * the parent's `spec.replicas` through the parent's own write path (its
 * validation, managed fields, dry run, resourceVersion precondition) and
 * answers the new Scale.
 */
export function writeScale(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  contentType: string | undefined,
  body: Buffer,
  options: WriteOptions,
  manager: string,
): WriteResult {
  const current = scaleOf(parentOf(cluster, request));
  const wanted = requestedScale(current, contentType, body, options);
  if (!isPlainObject(wanted)) {
    throw badRequest('the body of the request must be a Scale object');
  }
  if (
    wanted.kind !== undefined &&
    wanted.kind !== '' &&
    (wanted.kind !== 'Scale' ||
      !['autoscaling/v1', undefined, ''].includes(wanted.apiVersion))
  ) {
    throw badRequest(
      `the kind in the data (${String(
        wanted.kind,
      )}) does not match the expected kind (Scale)`,
    );
  }
  const name = (wanted.metadata as { name?: string } | undefined)?.name;
  if (name && name !== request.name) {
    throw badRequest(
      `the name of the object (${name}) does not match the name on the URL (${request.name})`,
    );
  }
  const replicas = (wanted.spec as { replicas?: unknown } | undefined)
    ?.replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw invalid(SCALE_TYPE, request.name!, [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(
          replicas ?? null,
        )}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  }
  const resourceVersion = (
    wanted.metadata as { resourceVersion?: string } | undefined
  )?.resourceVersion;
  const patch = {
    // a resourceVersion in the Scale is a precondition on the parent
    ...(resourceVersion ? { metadata: { resourceVersion } } : {}),
    spec: { replicas },
  };
  const result = patchObject(
    cluster,
    { ...request, subresource: undefined },
    'application/merge-patch+json',
    Buffer.from(JSON.stringify(patch)),
    options,
    manager,
  );
  return { code: 200, body: scaleOf(result.body as KubeObject) };
}
