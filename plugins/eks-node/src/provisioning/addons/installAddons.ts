import { validateClusterName } from '@backstage-eks/plugin-eks-common';
import { checkField, checkInteger } from '../inputRules';
import { ProvisioningRun } from '../ProvisioningRun';
import pLimit from 'p-limit';
import { InstallAddonsOptions, validateAddonRequests } from './addonRequests';
import { AddonResult } from './addonResults';
import {
  checkAddonsRequest,
  CHECK_ADDONS_REQUEST_STEP,
} from './checkAddonsRequest';
import {
  installAddonsStepTitle,
  installPreparedAddons,
} from './installPreparedAddons';

export {
  POD_IDENTITY_AGENT_ADDON,
  validateAddonRequests,
  type AddonRequest,
} from './addonRequests';
export {
  AddonsNotHealthyError,
  isUnhealthyAddonStatus,
  type AddonIssue,
} from './addonResults';
export type { AddonResult, InstallAddonsOptions };

/**
 * Installs or updates EKS add-ons on a cluster: resolves versions for the
 * cluster's Kubernetes version, validates configuration values against each
 * add-on's schema (all before any write), creates the recommended Pod
 * Identity roles when asked, installs independent add-ons in parallel, waits
 * for ACTIVE and reports health issues.
 *
 * The steps: {@link checkAddonsRequest} (read-only), then {@link
 * installPreparedAddons}.
 *
 * @public
 */
export async function installAddons(
  run: ProvisioningRun,
  opts: InstallAddonsOptions,
): Promise<AddonResult[]> {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkInteger('concurrency', opts.concurrency, 1, 20);
  validateAddonRequests(opts.addons, run.aws.target);
  const limit = pLimit(opts.concurrency ?? 4);
  run.beginSteps(2);
  const checked = await run.step(CHECK_ADDONS_REQUEST_STEP, () =>
    checkAddonsRequest(run, opts, limit),
  );
  return run.step(installAddonsStepTitle(checked), () =>
    installPreparedAddons(run, opts, checked, limit),
  );
}
