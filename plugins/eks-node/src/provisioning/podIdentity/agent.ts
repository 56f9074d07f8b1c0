import { Cluster, DescribeAddonCommand } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  installAddons,
  POD_IDENTITY_AGENT_ADDON,
} from '../addons/installAddons';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/**
 * Ensures the Pod Identity agent add-on, installing it when asked; Auto Mode
 * clusters have it built in. Returns whether it was installed now.
 *
 * @public
 */
export async function ensurePodIdentityAgent(
  run: ProvisioningRun,
  cluster: Cluster | undefined,
  clusterName: string,
  install: boolean,
): Promise<boolean> {
  if (cluster?.computeConfig?.enabled) return false;
  const existing = cluster
    ? await ifExists(() =>
        run.aws.eks.send(
          new DescribeAddonCommand({
            clusterName,
            addonName: POD_IDENTITY_AGENT_ADDON,
          }),
        ),
      )
    : undefined;
  if (existing?.addon) return false;
  if (!cluster && !install) {
    run.note(
      `[dry run] cluster ${clusterName} does not exist yet: the ${POD_IDENTITY_AGENT_ADDON} add-on must be installed before Pod Identity works`,
    );
    return false;
  }
  if (!install) {
    throw new InputError(
      `installAgent: the ${POD_IDENTITY_AGENT_ADDON} add-on is not installed on ${clusterName}, and without it pods get no credentials from Pod Identity. Set installAgent: true, or install the add-on first (aws:eks:addon:install)`,
    );
  }
  await installAddons(run, {
    clusterName,
    addons: [{ name: POD_IDENTITY_AGENT_ADDON, version: 'default' }],
  });
  return true;
}
