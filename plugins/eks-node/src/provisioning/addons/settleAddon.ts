import {
  Addon,
  DescribeAddonCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  runWaiter,
  TYPICAL_CREATE_SECONDS,
  WaiterFailedError,
} from '../waiters';
import { withFix } from './addonFixes';
import { AddonResult, issuesOf } from './addonResults';
import { StartedChange } from './applyAddon';
import { PreparedAddon } from './prepareAddon';

/**
 * Waits until the add-on settled (unless nothing changed and it is not
 * settling already) and reports its state with its issues and their fixes;
 * logs a warning for an add-on that is not ACTIVE. A dry run reports the
 * installed add-on, or PLANNED.
 */
export async function settleAddon(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  { action, podIdentityRoleArn, requestedAt }: StartedChange,
): Promise<AddonResult> {
  const name = p.request.name;
  const existing = p.existing;
  const issues = (addon: Addon | undefined) =>
    Promise.all(
      issuesOf(addon).map(issue =>
        withFix(run, clusterName, p, addon, issue, podIdentityRoleArn),
      ),
    );
  if (run.dryRun) {
    return {
      name,
      version: p.version,
      status: existing?.status ?? 'PLANNED',
      issues: await issues(existing),
      podIdentityRoleArn,
      action: action === 'unchanged' ? 'unchanged' : 'planned',
    };
  }
  const settling =
    action !== 'unchanged' ||
    existing?.status === 'CREATING' ||
    existing?.status === 'UPDATING';
  if (settling) {
    // a creation's wait polls near its typical end (see pollSchedule); an
    // update's, or one found under way, from the start
    await waitForAddon(
      run,
      clusterName,
      name,
      requestedAt ??
        (existing?.status === 'CREATING' ? existing.createdAt : undefined),
    );
  }
  const described = (
    await run.aws.eks.send(
      new DescribeAddonCommand({ clusterName, addonName: name }),
    )
  ).addon;
  const result: AddonResult = {
    name,
    version: described?.addonVersion ?? p.version,
    status: described?.status ?? 'UNKNOWN',
    issues: await issues(described),
    podIdentityRoleArn,
    action,
  };
  logAddonState(run, result);
  return result;
}

/** Waits for ACTIVE; a failure state is reported by the describe after it. */
async function waitForAddon(
  run: ProvisioningRun,
  clusterName: string,
  addonName: string,
  requestedAt?: number | Date,
): Promise<void> {
  try {
    await runWaiter(
      run,
      `add-on ${addonName} to become ACTIVE`,
      waitUntilAddonActive,
      run.aws.eks,
      { clusterName, addonName },
      TYPICAL_CREATE_SECONDS.addon,
      requestedAt,
    );
  } catch (error) {
    if (!(error instanceof WaiterFailedError)) throw error;
  }
}

function logAddonState(run: ProvisioningRun, result: AddonResult): void {
  if (result.status === 'ACTIVE') {
    run.logger.info(`Add-on ${result.name} ${result.version} is ACTIVE`);
    return;
  }
  run.logger.warn(
    `Add-on ${result.name} is ${result.status}${result.issues
      .map(
        i =>
          `; ${i.code}: ${i.message}${
            i.resourceIds.length ? ` (${i.resourceIds.join(', ')})` : ''
          }`,
      )
      .join('')}`,
  );
}
