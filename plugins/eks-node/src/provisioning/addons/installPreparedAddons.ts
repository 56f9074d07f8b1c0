import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { InstallAddonsOptions } from './addonRequests';
import {
  AddonResult,
  AddonsNotHealthyError,
  describeUnhealthyAddon,
  isUnhealthyAddonStatus,
} from './addonResults';
import { startAddonChange } from './applyAddon';
import { CallLimit, CheckedAddons } from './checkAddonsRequest';
import { settleAddon } from './settleAddon';

/** Title of the {@link installPreparedAddons} step. */
export function installAddonsStepTitle({ agent, others }: CheckedAddons) {
  const names = [...agent, ...others].map(p => p.request.name);
  return `add-on${names.length === 1 ? '' : 's'} ${
    names.join(', ') || '(none)'
  }, until ACTIVE`;
}

/**
 * Step 2 of `installAddons`: the Pod Identity agent first, then the others
 * in parallel; the limit holds for the calls that change things, while the
 * waits for ACTIVE (a poll every 10-30 s) all run at once, so no add-on
 * waits for another. An add-on that is not ACTIVE is not what was asked
 * for: the run fails naming each with its issues and their fixes (a dry run
 * notes them). Results in the input's order, without the add-ons left out.
 */
export async function installPreparedAddons(
  run: ProvisioningRun,
  opts: InstallAddonsOptions,
  { agent, others }: CheckedAddons,
  limit: CallLimit,
): Promise<AddonResult[]> {
  const { clusterName } = opts;
  const tags = resourceTags(clusterName, opts.tags);
  const byIndex: AddonResult[] = new Array(opts.addons.length);
  for (const p of agent) {
    const started = await startAddonChange(run, clusterName, p, tags);
    byIndex[p.index] = await settleAddon(run, clusterName, p, started);
  }
  await Promise.all(
    others.map(async p => {
      const started = await limit(() =>
        startAddonChange(run, clusterName, p, tags),
      );
      byIndex[p.index] = await settleAddon(run, clusterName, p, started);
    }),
  );
  const results = byIndex.filter(r => r !== undefined);
  const unhealthy = results.filter(r => isUnhealthyAddonStatus(r.status));
  for (const r of run.dryRun ? unhealthy : []) {
    run.note(describeUnhealthyAddon(r).replace(/^- /gm, 'Add-on '));
  }
  if (unhealthy.length > 0 && !run.dryRun) {
    throw new AddonsNotHealthyError(results);
  }
  return results;
}
