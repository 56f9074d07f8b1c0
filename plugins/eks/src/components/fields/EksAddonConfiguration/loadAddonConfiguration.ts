import { AddonConfigurationResponse } from '@backstage-eks/plugin-eks-common';
import { EksApi } from '../../../api';
import { resolveKubernetesVersion, resolveTarget } from '../formContext';
import { resolveAddonReference } from './addonReference';
import { EksAddonConfigurationUiOptions } from './schema';

/**
 * Fetches the configuration schema of the add-on the field is about, or
 * `undefined` when the form does not name an add-on yet.
 */
export async function loadAddonConfiguration(
  eksApi: EksApi,
  options: EksAddonConfigurationUiOptions,
  formData: Record<string, unknown>,
): Promise<AddonConfigurationResponse | undefined> {
  const addon = resolveAddonReference(options, formData);
  if (!addon) {
    return undefined;
  }
  const kubernetesVersion = await resolveKubernetesVersion(
    eksApi,
    options,
    formData,
  );
  return eksApi.getAddonConfiguration(addon.addonName, {
    version: addon.version,
    kubernetesVersion,
    ...resolveTarget(options, formData),
  });
}
