import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeClient } from './client';
import type { Values } from './values';

/** A release as helm stores it (the fields this stand-in keeps). */
export interface Release {
  name: string;
  namespace: string;
  version: number;
  info: {
    first_deployed: string;
    last_deployed: string;
    status: string;
    description: string;
  };
  chart: { metadata: { name: string; version: string; appVersion: string } };
  /** The user-supplied values. */
  config: Values | null;
  manifest: string;
  /** API paths of the resources the release owns (this stand-in's bookkeeping). */
  resources?: string[];
}

interface SecretList {
  items?: Array<{ data?: { release?: string } }>;
}

const RELEASE_PREFIX = 'sh.helm.release.v1.';

/** The Secret name of one revision: `sh.helm.release.v1.<name>.v<revision>`. */
export function releaseSecretName(name: string, version: number): string {
  return `${RELEASE_PREFIX}${name}.v${version}`;
}

/** helm's storage encoding: gzip of the JSON, base64, then base64 again as Secret data. */
function encodeRelease(release: Release): string {
  const gz = gzipSync(Buffer.from(JSON.stringify(release)));
  return Buffer.from(gz.toString('base64')).toString('base64');
}

function decodeRelease(data: string): Release {
  const inner = Buffer.from(data, 'base64').toString('utf8');
  return JSON.parse(
    gunzipSync(Buffer.from(inner, 'base64')).toString('utf8'),
  ) as Release;
}

function releasesOf(list: unknown): Release[] {
  return ((list as SecretList | undefined)?.items ?? []).flatMap(secret =>
    secret.data?.release ? [decodeRelease(secret.data.release)] : [],
  );
}

/** Every revision of a release, oldest first. */
export async function releaseHistory(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<Release[]> {
  const selector = encodeURIComponent(`owner=helm,name=${name}`);
  const list = await client.get(
    `/api/v1/namespaces/${namespace}/secrets?labelSelector=${selector}`,
  );
  return releasesOf(list).sort((a, b) => a.version - b.version);
}

/** The latest revision of every release in a namespace (all namespaces when undefined), by name. */
export async function allReleases(
  client: KubeClient,
  namespace: string | undefined,
): Promise<Release[]> {
  const selector = encodeURIComponent('owner=helm');
  const path = namespace
    ? `/api/v1/namespaces/${namespace}/secrets?labelSelector=${selector}`
    : `/api/v1/secrets?labelSelector=${selector}`;
  const latest = new Map<string, Release>();
  for (const release of releasesOf(await client.get(path))) {
    const key = `${release.namespace}/${release.name}`;
    const seen = latest.get(key);
    if (!seen || seen.version < release.version) latest.set(key, release);
  }
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes a revision's Secret (server-side apply, so a status change rewrites it). */
export async function storeRelease(client: KubeClient, release: Release) {
  const name = releaseSecretName(release.name, release.version);
  await client.apply(
    `/api/v1/namespaces/${release.namespace}/secrets/${name}`,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: release.namespace,
        labels: {
          name: release.name,
          owner: 'helm',
          status: release.info.status,
          version: String(release.version),
          modifiedAt: String(Math.floor(Date.now() / 1000)),
        },
      },
      type: 'helm.sh/release.v1',
      data: { release: encodeRelease(release) },
    },
  );
}
