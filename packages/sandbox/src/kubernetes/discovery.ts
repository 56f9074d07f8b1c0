import type { KubernetesCluster } from './KubernetesCluster.ts';
import { ALL_VERBS, apiVersionOf, type ResourceType } from './resources.ts';

/** Verbs of subresources, as the apiserver lists them. */
const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  log: ['get'],
};

/** `GET /api`. */
export function apiVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '172.16.0.1:443' },
    ],
  };
}

function groupVersions(cluster: KubernetesCluster): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const type of cluster.resourceTypes()) {
    if (!type.group) continue;
    const versions = groups.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    groups.set(type.group, versions);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]) {
  const entries = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

/** `GET /apis`. */
export function apiGroupList(cluster: KubernetesCluster) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupVersions(cluster)].map(([name, versions]) =>
      apiGroup(name, versions),
    ),
  };
}

/** `GET /apis/<group>`, or undefined when the group is not served. */
export function apiGroupDocument(cluster: KubernetesCluster, group: string) {
  const versions = groupVersions(cluster).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

function describe(type: ResourceType) {
  return {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: ALL_VERBS,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.custom ? { categories: ['all'] } : {}),
  };
}

/** The kinds subresources answer with when it is not their resource's own. */
const SUBRESOURCE_KINDS: Record<string, string> = {
  log: 'Pod',
  scale: 'Scale',
};

/**
 * `GET /api/v1` or `GET /apis/<group>/<version>`, or undefined when that
 * group version is not served.
 */
export function apiResourceList(
  cluster: KubernetesCluster,
  group: string,
  version: string,
) {
  const types = cluster
    .resourceTypes()
    .filter(t => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(types[0]),
    resources: types.flatMap(type => [
      describe(type),
      ...type.subresources.map(sub => ({
        name: `${type.plural}/${sub}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
        kind: SUBRESOURCE_KINDS[sub] ?? type.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      })),
    ]),
  };
}

/** `GET /version`. */
export function versionInfo(cluster: KubernetesCluster) {
  const [major, minor] = cluster.kubernetesVersion.split('.');
  const gitVersion = `v${major}.${minor}.5-eks-3025e55`;
  return {
    major,
    minor: `${minor}`,
    gitVersion,
    gitCommit: '3025e55fe2f1ed64f7fba9c23ee0ea2a7c1ba7b4',
    gitTreeState: 'clean',
    buildDate: '2025-09-10T18:32:28Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
