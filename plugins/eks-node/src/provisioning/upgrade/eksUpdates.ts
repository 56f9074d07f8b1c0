import { createHash } from 'node:crypto';
import {
  DescribeUpdateCommand,
  paginateListUpdates,
  Update,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long EKS typically takes for what the upgrade and rollback wait on,
 * in seconds: their polls are spaced to fit (as the create waits').
 */
export const TYPICAL_UPDATE_SECONDS = {
  clusterVersion: 8 * 60,
  nodegroupVersion: 5 * 60,
  insightsRefresh: 60,
} as const;

/**
 * Polls `check` until it returns true, from the run's shortest delay
 * doubling up to {@link ProvisioningRun.waiterOptions}'s longest for the
 * typical duration (so the wait ends soon after what it waits for), and
 * fails after the run's timeout naming what it waited for.
 */
export async function pollFor(
  run: ProvisioningRun,
  what: string,
  typicalSeconds: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const { minDelay, maxDelay } = run.waiterOptions(undefined, typicalSeconds);
  await run.waitFor(what, async () => {
    const deadline = Date.now() + run.wait.timeoutSeconds * 1000;
    let delay = minDelay * 1000;
    for (;;) {
      if (await check()) return;
      if (Date.now() + delay > deadline) {
        throw new Error(
          `Timed out after ${run.wait.timeoutSeconds}s waiting for ${what}`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelay * 1000);
    }
  });
}

/** Where an EKS update is: the cluster, or one of its node groups or add-ons. */
export interface UpdateScope {
  clusterName: string;
  nodegroupName?: string;
  addonName?: string;
}

/** The value of a parameter of an update (`Version`, `PlatformVersion`...). */
export function updateParam(update: Update, type: string): string | undefined {
  return update.params?.find(p => p.type === type)?.value;
}

/** The updates of a cluster (or of one node group or add-on), newest first. */
export async function listUpdates(
  run: ProvisioningRun,
  scope: UpdateScope,
): Promise<Update[]> {
  const ids: string[] = [];
  for await (const page of paginateListUpdates(
    { client: run.aws.eks },
    {
      name: scope.clusterName,
      nodegroupName: scope.nodegroupName,
      addonName: scope.addonName,
    },
  )) {
    ids.push(...(page.updateIds ?? []));
  }
  const updates = await Promise.all(
    ids.map(id => describeUpdate(run, scope, id)),
  );
  return updates
    .filter((u): u is Update => u !== undefined)
    .sort(
      (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
    );
}

export async function describeUpdate(
  run: ProvisioningRun,
  scope: UpdateScope,
  updateId: string,
): Promise<Update | undefined> {
  const out = await run.aws.eks.send(
    new DescribeUpdateCommand({
      name: scope.clusterName,
      nodegroupName: scope.nodegroupName,
      addonName: scope.addonName,
      updateId,
    }),
  );
  return out.update;
}

/**
 * The version update (VersionUpdate or VersionRollback) to `version` still
 * in progress, if any: a resumed task waits for it instead of asking again
 * (EKS refuses a second one while it runs).
 */
export async function inProgressVersionUpdate(
  run: ProvisioningRun,
  scope: UpdateScope,
  version: string,
): Promise<Update | undefined> {
  const updates = await listUpdates(run, scope);
  return updates.find(
    u =>
      (u.type === 'VersionUpdate' || u.type === 'VersionRollback') &&
      u.status === 'InProgress' &&
      updateParam(u, 'Version') === version,
  );
}

/** The errors of a failed update, as one line. */
export function updateErrors(update: Update): string {
  const errors = (update.errors ?? []).map(
    e =>
      `${e.errorCode ?? 'Error'}: ${e.errorMessage ?? ''}${
        e.resourceIds?.length ? ` (${e.resourceIds.join(', ')})` : ''
      }`,
  );
  return errors.length ? errors.join('; ') : 'EKS gave no error details';
}

/**
 * Waits until EKS says the update succeeded (DescribeUpdate; the SDK has
 * no waiter for updates); a Failed or Cancelled update fails naming its
 * errors. Returns the update as it ended.
 */
export async function waitForUpdate(
  run: ProvisioningRun,
  scope: UpdateScope,
  updateId: string,
  what: string,
): Promise<Update> {
  let last: Update | undefined;
  const typical = scope.nodegroupName
    ? TYPICAL_UPDATE_SECONDS.nodegroupVersion
    : TYPICAL_UPDATE_SECONDS.clusterVersion;
  await pollFor(run, `${what} (update ${updateId})`, typical, async () => {
    last = await describeUpdate(run, scope, updateId);
    if (last?.status === 'Failed' || last?.status === 'Cancelled') {
      throw new Error(
        `${capitalize(
          what,
        )} ${last.status.toLowerCase()} (update ${updateId}): ${updateErrors(
          last,
        )}`,
      );
    }
    return last?.status === 'Successful';
  });
  return last!;
}

/**
 * A clientRequestToken that is the same for the same checkpoint key: EKS
 * answers a repeated request with the same token with the first one's
 * update, so a task resumed after the call but before its checkpoint was
 * stored does not start a second update.
 */
export function requestToken(run: ProvisioningRun, ...parts: string[]): string {
  return createHash('sha256')
    .update(run.key(...parts))
    .digest('hex')
    .slice(0, 32);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
