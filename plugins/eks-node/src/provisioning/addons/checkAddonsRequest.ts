import { Cluster } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import type pLimit from 'p-limit';
import { resolveClusterVersion } from '../cluster/clusterVersion';
import { findCluster } from '../clusterLookup';
import { refuseForeignResources } from '../ownership';
import { preflightInstallAddons } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  InstallAddonsOptions,
  omitAutoModeBuiltIns,
  POD_IDENTITY_AGENT_ADDON,
} from './addonRequests';
import {
  addonChanges,
  findAddon,
  prepareAddon,
  PreparedAddon,
} from './prepareAddon';

/** A limit on concurrent calls (p-limit). */
export type CallLimit = ReturnType<typeof pLimit>;

/** Title of the {@link checkAddonsRequest} step. */
export const CHECK_ADDONS_REQUEST_STEP =
  "preflight: region, Pod Identity roles, the cluster, and each add-on's version and configuration";

/** The add-ons to install: the Pod Identity agent (when asked for) goes first. */
export interface CheckedAddons {
  agent: PreparedAddon[];
  others: PreparedAddon[];
}

/**
 * Step 1 of `installAddons`, read-only: the preflight checks, the cluster
 * (ACTIVE or UPDATING; in a dry run it may not exist yet), every add-on's
 * version, configuration and Pod Identity (see {@link prepareAddon}), the
 * ownership rule for installed add-ons, and a note when Pod Identity is
 * asked for without its agent.
 */
export async function checkAddonsRequest(
  run: ProvisioningRun,
  opts: InstallAddonsOptions,
  limit: CallLimit,
): Promise<CheckedAddons> {
  const { clusterName } = opts;
  await preflightInstallAddons(run, opts);
  const cluster = await installableCluster(run, clusterName);
  const autoMode = Boolean(cluster?.computeConfig?.enabled);
  const requests =
    opts.omitAutoModeBuiltIns && autoMode
      ? omitAutoModeBuiltIns(run, clusterName, opts.addons)
      : opts.addons;
  const kubernetesVersion =
    cluster?.version ?? (await resolveClusterVersion(run));
  const prepared = await Promise.all(
    requests.map(request =>
      limit(() =>
        prepareAddon(run, {
          clusterName,
          request,
          index: opts.addons.indexOf(request),
          kubernetesVersion,
          clusterExists: Boolean(cluster),
          clusterAutoMode: autoMode,
        }),
      ),
    ),
  );
  refuseForeignAddons(run, clusterName, prepared);
  const isAgent = (p: PreparedAddon) =>
    p.request.name === POD_IDENTITY_AGENT_ADDON;
  const agent = prepared.filter(isAgent);
  const others = prepared.filter(p => !isAgent(p));
  if (
    cluster &&
    !autoMode &&
    agent.length === 0 &&
    others.some(p => p.podIdentity)
  ) {
    await noteMissingAgent(run, clusterName);
  }
  return { agent, others };
}

/**
 * The cluster, when add-ons can be installed on it: ACTIVE or UPDATING. A
 * missing cluster is an InputError, except in a dry run (it may be created
 * by the same template): the add-ons are then checked against the newest
 * Kubernetes version.
 */
export async function installableCluster(
  run: ProvisioningRun,
  clusterName: string,
): Promise<Cluster | undefined> {
  const cluster = await findCluster(run, clusterName);
  if (!cluster && !run.dryRun) {
    throw new InputError(
      `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
    );
  }
  if (cluster && cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new Error(
      `Cluster ${clusterName} is ${cluster.status}; add-ons can be installed once it is ACTIVE`,
    );
  }
  if (!cluster) {
    run.logger.info(
      `[dry run] cluster ${clusterName} does not exist yet: checking the add-ons against the newest Kubernetes version`,
    );
  }
  return cluster;
}

/**
 * Add-ons someone else installed: used as they are when nothing would
 * change, otherwise refused before any write (unless the run adopts).
 */
function refuseForeignAddons(
  run: ProvisioningRun,
  clusterName: string,
  prepared: PreparedAddon[],
): void {
  refuseForeignResources(
    run,
    clusterName,
    prepared.flatMap(p =>
      p.existing
        ? [
            {
              existing: {
                resource: `add-on ${p.request.name}`,
                tags: p.existing.tags,
              },
              opts: { changes: addonChanges(p).changes, useAsIs: true },
            },
          ]
        : [],
    ),
  );
}

/** The others' Pod Identity associations only work once the agent runs. */
async function noteMissingAgent(
  run: ProvisioningRun,
  clusterName: string,
): Promise<void> {
  if (await findAddon(run, clusterName, POD_IDENTITY_AGENT_ADDON)) return;
  run.note(
    `Pod Identity is requested but the ${POD_IDENTITY_AGENT_ADDON} add-on is not installed: add it to addons, or the add-ons' pods get no AWS credentials`,
  );
}
