import {
  Addon,
  paginateDescribeAddonVersions,
  paginateListAddons,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { compareAddonVersions } from '@backstage-eks/plugin-eks-common';
import { findAddon, prepareAddon, PreparedAddon } from '../addons/prepareAddon';
import { settleAddon } from '../addons/settleAddon';
import { ProvisioningRun } from '../ProvisioningRun';
import { listUpdates, requestToken, updateParam } from './eksUpdates';
import type { VersionChange } from './types';

/** kube-proxy: built per Kubernetes minor; the skew policy lets it run up to 3 minors older than the API server, never newer. */
export const KUBE_PROXY = 'kube-proxy';
const KUBE_PROXY_MAX_SKEW = 3;

/** The installed add-ons of a cluster, as EKS describes them. */
export async function installedAddons(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Addon[]> {
  const names: string[] = [];
  for await (const page of paginateListAddons(
    { client: run.aws.eks },
    { clusterName },
  )) {
    names.push(...(page.addons ?? []));
  }
  const addons = await Promise.all(
    names.map(name => findAddon(run, clusterName, name)),
  );
  return addons.filter((a): a is Addon => a !== undefined);
}

/** Every version of an add-on EKS offers for a Kubernetes version, newest first. */
export async function addonVersionsFor(
  run: ProvisioningRun,
  addonName: string,
  kubernetesVersion: string,
): Promise<string[]> {
  const versions: string[] = [];
  for await (const page of paginateDescribeAddonVersions(
    { client: run.aws.eks },
    { addonName, kubernetesVersion },
  )) {
    for (const addon of page.addons ?? []) {
      if (addon.addonName !== addonName) continue;
      for (const v of addon.addonVersions ?? []) {
        if (v.addonVersion) versions.push(v.addonVersion);
      }
    }
  }
  return versions.sort((a, b) => compareAddonVersions(b, a));
}

function minorOf(version: string): number | undefined {
  const m = /^v?1\.(\d+)\./.exec(version);
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether an installed add-on version runs with a Kubernetes version: it is
 * among the versions EKS offers for it, except kube-proxy, which follows
 * Kubernetes' skew policy (not newer than the API server, at most three
 * minors older).
 */
export function addonRunsOn(
  addonName: string,
  installed: string,
  kubernetesVersion: string,
  offered: string[],
): boolean {
  if (addonName === KUBE_PROXY) {
    const proxy = minorOf(installed);
    const server = Number(kubernetesVersion.split('.')[1]);
    if (proxy === undefined) return offered.includes(installed);
    return proxy <= server && server - proxy <= KUBE_PROXY_MAX_SKEW;
  }
  return offered.includes(installed);
}

/**
 * Checks an add-on version for a Kubernetes version with the add-on
 * install's own rules (prepareAddon: the version offered, `default` or
 * `latest` resolved, the configuration values validated against that
 * version's schema from DescribeAddonConfiguration), naming the add-on in
 * a refusal instead of the install action's `addons[i]` fields.
 */
export async function prepareAddonVersion(
  run: ProvisioningRun,
  clusterName: string,
  addon: Addon,
  version: string,
  kubernetesVersion: string,
  field: string,
): Promise<PreparedAddon> {
  const name = addon.addonName ?? '';
  try {
    return await prepareAddon(run, {
      clusterName,
      request: {
        name,
        version,
        configurationValues: addon.configurationValues?.trim()
          ? addon.configurationValues
          : undefined,
      },
      index: 0,
      kubernetesVersion,
      clusterExists: true,
      clusterAutoMode: false,
    });
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(
        `${field}: add-on ${name} cannot move to ${
          version === 'default' || version === 'latest'
            ? `its ${version} version`
            : version
        } for Kubernetes ${kubernetesVersion} with its configuration kept: ${error.message.replace(
          /addons\[0\]\.?/g,
          '',
        )}`,
      );
    }
    throw error;
  }
}

/** Whether an update of the add-on to the version is running (ListUpdates). */
async function addonUpdateRunning(
  run: ProvisioningRun,
  clusterName: string,
  addonName: string,
  version: string,
): Promise<boolean> {
  const updates = await listUpdates(run, { clusterName, addonName });
  return updates.some(
    u =>
      u.status === 'InProgress' && updateParam(u, 'AddonVersion') === version,
  );
}

/** Runs a call under a concurrency limit (p-limit's shape). */
export type CallLimit = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Moves an installed add-on to a prepared version, its configuration
 * values kept as they are (they were validated against the version's
 * schema) and field values changed in the cluster preserved
 * (resolveConflicts PRESERVE), then waits until it settled (the install's
 * settleAddon). `limit` holds the call, not the wait: the waits of add-ons
 * updated together all run at once. A checkpointed change; a resumed task
 * that finds the add-on at the version, or an update to it running, does
 * not ask again.
 */
export async function updateAddonVersion(
  run: ProvisioningRun,
  clusterName: string,
  addon: Addon,
  p: PreparedAddon,
  limit: CallLimit = fn => fn(),
): Promise<VersionChange & { status: string }> {
  const name = addon.addonName ?? '';
  const from = addon.addonVersion ?? '';
  const configurationValues = p.request.configurationValues;
  await limit(() =>
    run.change(
      {
        action: 'update',
        resource: `add-on ${name}`,
        detail: `version ${from} -> ${p.version}${
          configurationValues ? ', configuration values kept' : ''
        }`,
      },
      ['addon-version', clusterName, name, p.version],
      async () => {
        const now = await findAddon(run, clusterName, name);
        if (now?.addonVersion === p.version) return;
        if (
          now?.status === 'UPDATING' &&
          (await addonUpdateRunning(run, clusterName, name, p.version))
        ) {
          return;
        }
        await run.aws.eks.send(
          new UpdateAddonCommand({
            clusterName,
            addonName: name,
            addonVersion: p.version,
            configurationValues,
            resolveConflicts: 'PRESERVE',
            clientRequestToken: requestToken(
              run,
              'addon-version',
              clusterName,
              name,
              p.version,
            ),
          }),
        );
      },
    ),
  );
  const settled = await settleAddon(
    run,
    clusterName,
    { ...p, existing: addon },
    {
      action: 'updated',
    },
  );
  return { name, from, to: p.version, status: settled.status };
}
