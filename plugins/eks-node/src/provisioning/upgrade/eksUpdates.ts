import { createHash } from 'node:crypto';
import {
  DescribeUpdateCommand,
  paginateListUpdates,
  Update,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { pollSchedule, secondsSince } from '../waiters';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long EKS typically takes for what the upgrade and rollback wait on,
 * in seconds: their polls are spaced to fit (as the create waits'). A
 * control plane version change (an upgrade or a rollback, both
 * UpdateClusterVersion): "should finish within a few minutes", as EKS's
 * API reference says; the sandbox takes 3 minutes (DURATIONS.clusterUpdate).
 * Its wait puts off its first poll to near that end (see pollSchedule); the
 * others, whose typical time EKS does not state (a node group's depends on
 * its nodes), poll from the shortest delay backing off.
 */
export const TYPICAL_UPDATE_SECONDS = {
  clusterVersion: 3 * 60,
  nodegroupVersion: 5 * 60,
  insightsRefresh: 60,
} as const;

/**
 * Polls `check` until it returns true, on the provisioning waits' schedule
 * for the typical duration ({@link pollSchedule}): when `requestedAt` tells
 * when the change began (read at the start of the wait), the first poll is
 * put off to near its typical end and later ones are a share of the typical
 * duration apart; else from the run's shortest delay doubling up to that
 * share. Fails after the run's timeout naming what it waited for.
 */
export async function pollFor(
  run: ProvisioningRun,
  what: string,
  typicalSeconds: number,
  check: () => Promise<boolean>,
  requestedAt?: () => Promise<Date | undefined>,
): Promise<void> {
  await run.waitFor(what, async () => {
    const deadline = Date.now() + run.wait.timeoutSeconds * 1000;
    const schedule = pollSchedule(
      run,
      typicalSeconds,
      secondsSince(await requestedAt?.()),
    );
    if (schedule.firstDelaySeconds > 0) {
      await sleep(schedule.firstDelaySeconds * 1000);
    }
    let delay = schedule.minDelaySeconds * 1000;
    for (;;) {
      if (await check()) return;
      if (Date.now() + delay > deadline) {
        throw new Error(
          `Timed out after ${run.wait.timeoutSeconds}s waiting for ${what}`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, schedule.maxDelaySeconds * 1000);
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
  const controlPlane = !scope.nodegroupName && !scope.addonName;
  const typical = scope.nodegroupName
    ? TYPICAL_UPDATE_SECONDS.nodegroupVersion
    : TYPICAL_UPDATE_SECONDS.clusterVersion;
  // the control plane's: when EKS began it (the update's createdAt; a
  // resumed task's began earlier), for the first poll near its typical end
  const began = controlPlane
    ? async () => (await describeUpdate(run, scope, updateId))?.createdAt
    : undefined;
  await pollFor(
    run,
    `${what} (update ${updateId})`,
    typical,
    async () => {
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
    },
    began,
  );
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
