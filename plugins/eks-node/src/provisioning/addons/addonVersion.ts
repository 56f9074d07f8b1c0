import {
  AddonVersionInfo,
  paginateDescribeAddonVersions,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { compareAddonVersions } from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';
import { isNotFoundError } from '../waiters';

/** A resolved add-on version. @public */
export interface ResolvedAddonVersion {
  addonName: string;
  version: string;
  /** Whether EKS marks it as the default for the cluster version. */
  isDefault: boolean;
  requiresIamPermissions: boolean;
  /** The namespace EKS installs the add-on in unless told otherwise. */
  defaultNamespace?: string;
  /** The versions for the cluster's Kubernetes version newer than this one, oldest first. */
  newerVersions: string[];
}

/**
 * Resolves `latest`, `default` or an exact version of an add-on for a
 * cluster's Kubernetes version with DescribeAddonVersions. Unknown add-ons
 * and versions are InputErrors naming the field and what is available.
 *
 * @public
 */
export async function resolveAddonVersion(
  run: ProvisioningRun,
  opts: {
    /** Field named in errors about the add-on name. */
    field: string;
    /** Field named in errors about the version. */
    versionField: string;
    addonName: string;
    requested: string;
    kubernetesVersion: string;
  },
): Promise<ResolvedAddonVersion> {
  const versions: AddonVersionInfo[] = [];
  let found = false;
  let defaultNamespace: string | undefined;
  try {
    for await (const page of paginateDescribeAddonVersions(
      { client: run.aws.eks },
      { addonName: opts.addonName, kubernetesVersion: opts.kubernetesVersion },
    )) {
      for (const addon of page.addons ?? []) {
        if (addon.addonName !== opts.addonName) continue;
        found = true;
        defaultNamespace = addon.defaultNamespace ?? defaultNamespace;
        versions.push(...(addon.addonVersions ?? []));
      }
    }
  } catch (error) {
    // EKS answers an unknown add-on name with an error or an empty list.
    if (
      !isNotFoundError(error) &&
      (error as Error).name !== 'InvalidParameterException'
    ) {
      throw error;
    }
  }
  if (!found || versions.length === 0) {
    throw new InputError(
      `${opts.field} "${opts.addonName}" is not an EKS add-on available for Kubernetes ${opts.kubernetesVersion} in ${run.region}`,
    );
  }
  versions.sort((a, b) =>
    compareAddonVersions(b.addonVersion ?? '', a.addonVersion ?? ''),
  );
  const isDefault = (v: AddonVersionInfo) =>
    (v.compatibilities ?? []).some(
      c =>
        c.defaultVersion &&
        (!c.clusterVersion || c.clusterVersion === opts.kubernetesVersion),
    );
  let chosen: AddonVersionInfo | undefined;
  if (opts.requested === 'latest') {
    chosen = versions[0];
  } else if (opts.requested === 'default') {
    chosen = versions.find(isDefault) ?? versions[0];
  } else {
    chosen = versions.find(v => v.addonVersion === opts.requested);
    if (!chosen) {
      throw new InputError(
        `${opts.versionField} "${opts.requested}" is not offered for ${
          opts.addonName
        } on Kubernetes ${opts.kubernetesVersion}; available: ${versions
          .slice(0, 10)
          .map(v => v.addonVersion)
          .join(', ')}${versions.length > 10 ? ', ...' : ''}`,
      );
    }
  }
  return {
    addonName: opts.addonName,
    version: chosen.addonVersion ?? '',
    isDefault: isDefault(chosen),
    requiresIamPermissions: Boolean(chosen.requiresIamPermissions),
    defaultNamespace,
    newerVersions: versions
      .slice(0, versions.indexOf(chosen))
      .map(v => v.addonVersion ?? '')
      .reverse(),
  };
}
