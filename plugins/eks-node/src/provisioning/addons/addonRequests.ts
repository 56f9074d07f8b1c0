import { InputError } from '@backstage/errors';
import {
  AUTO_MODE_BUILT_IN_ADDONS,
  validateAddonName,
  validateAddonVersion,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import { checkRoleArn } from '../cluster/createClusterInput';
import { checkField } from '../inputRules';
import { ProvisioningRun } from '../ProvisioningRun';
import { parseConfigurationValues } from './addonConfiguration';

/** The Pod Identity agent add-on. @public */
export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** One add-on to install. @public */
export interface AddonRequest {
  name: string;
  /** `latest`, `default` (the default) or an exact version. */
  version?: string;
  /** JSON or YAML, validated against the add-on's configuration schema. */
  configurationValues?: string;
  /**
   * Pod Identity for the add-on's service account: `recommended` creates a
   * role with the policies EKS recommends (podIdentityConfiguration);
   * `{ roleArn }` uses an existing role.
   */
  podIdentity?: 'recommended' | { roleArn: string; serviceAccount?: string };
  /** How conflicts with existing in-cluster fields are handled. */
  resolveConflicts?: 'NONE' | 'OVERWRITE' | 'PRESERVE';
  /**
   * The namespace to install the add-on in (CreateAddon's namespaceConfig)
   * instead of its default. EKS sets it only at create: an installed
   * add-on in another namespace is refused before any write.
   */
  namespace?: string;
}

/** Checks add-on requests before any call. @public */
export function validateAddonRequests(
  addons: AddonRequest[],
  target: { accountId: string; region: string },
): void {
  if (!Array.isArray(addons) || addons.length === 0) {
    throw new InputError('addons must list at least one add-on');
  }
  const seen = new Set<string>();
  addons.forEach((addon, i) => {
    checkField(`addons[${i}].name`, addon.name, validateAddonName);
    if (seen.has(addon.name)) {
      throw new InputError(`addons[${i}].name "${addon.name}" is listed twice`);
    }
    seen.add(addon.name);
    checkField(`addons[${i}].version`, addon.version, validateAddonVersion);
    checkField(`addons[${i}].namespace`, addon.namespace, validateNamespace);
    if (addon.configurationValues !== undefined) {
      parseConfigurationValues(
        `addons[${i}].configurationValues`,
        addon.configurationValues,
      );
    }
    if (addon.podIdentity && addon.podIdentity !== 'recommended') {
      checkRoleArn(
        `addons[${i}].podIdentity.roleArn`,
        addon.podIdentity.roleArn,
        target,
      );
      checkField(
        `addons[${i}].podIdentity.serviceAccount`,
        addon.podIdentity.serviceAccount,
        validateServiceAccountName,
      );
    }
  });
}

/** The requests without the add-ons Auto Mode makes unneeded, logged. */
export function omitAutoModeBuiltIns(
  run: ProvisioningRun,
  clusterName: string,
  addons: AddonRequest[],
): AddonRequest[] {
  const omitted = addons.filter(a =>
    AUTO_MODE_BUILT_IN_ADDONS.includes(a.name),
  );
  if (omitted.length > 0) {
    run.logger.info(
      `Not installing ${omitted
        .map(a => a.name)
        .join(
          ', ',
        )}: cluster ${clusterName} runs EKS Auto Mode, which does their work itself`,
    );
  }
  return addons.filter(a => !AUTO_MODE_BUILT_IN_ADDONS.includes(a.name));
}

/** Input of `installAddons`. @public */
export interface InstallAddonsOptions {
  clusterName: string;
  addons: AddonRequest[];
  concurrency?: number;
  tags?: Record<string, string>;
  /**
   * On a cluster that runs EKS Auto Mode, leave out the add-ons whose work
   * Auto Mode does itself ({@link AUTO_MODE_BUILT_IN_ADDONS}), saying so
   * in the log. Default false: every add-on is installed as asked.
   */
  omitAutoModeBuiltIns?: boolean;
}
