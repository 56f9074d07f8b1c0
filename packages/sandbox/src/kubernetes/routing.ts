import type { KubernetesCluster } from './KubernetesCluster.ts';
import type { ResourceType } from './resources.ts';
import { pathNotFound } from './status.ts';

/** A request for a resource collection, object, or subresource. */
export interface ResourceRequest {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * Resolves the part of a path after `/api/v1` or `/apis/<group>/<version>`
 * (e.g. `namespaces/shop/pods/web-1/status`) to a resource request.
 */
export function resolveResource(
  cluster: KubernetesCluster,
  group: string,
  version: string,
  segments: string[],
): ResourceRequest {
  const types = cluster
    .resourceTypes()
    .filter(t => t.group === group && t.version === version);
  const find = (plural: string) => types.find(t => t.plural === plural);
  let rest = segments;
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    find(rest[2])?.namespaced
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = find(rest[0]);
  if (!type || rest.length > 3) throw pathNotFound();
  const [, name, subresource] = rest;
  if (subresource && !type.subresources.includes(subresource)) {
    throw pathNotFound();
  }
  if (namespace !== undefined && !type.namespaced) throw pathNotFound();
  return { type, namespace, name, subresource };
}
