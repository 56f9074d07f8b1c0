import { AddonPodIdentityConfiguration } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';

/**
 * The service account an add-on's Pod Identity association is for: the one
 * asked for, when the add-on declares it in DescribeAddonConfiguration's
 * podIdentityConfiguration (its form is checked by validateAddonRequests),
 * or the add-on's first. An add-on that declares none does not support Pod
 * Identity: an InputError naming the field.
 *
 * @public
 */
export function addonPodIdentityServiceAccount(
  field: string,
  addon: { name: string; version: string },
  requested: string | undefined,
  declared: readonly AddonPodIdentityConfiguration[],
): string {
  const names = declared
    .map(c => c.serviceAccount)
    .filter((n): n is string => Boolean(n));
  if (names.length === 0) {
    throw new InputError(
      `${field} cannot be used with ${addon.name} ${addon.version}: the add-on does not support EKS Pod Identity (its podIdentityConfiguration declares no service account)`,
    );
  }
  if (requested !== undefined && !names.includes(requested)) {
    throw new InputError(
      `${field}.serviceAccount must be a service account ${addon.name} ${
        addon.version
      } declares for Pod Identity: ${names.join(', ')} (got "${requested}")`,
    );
  }
  return requested ?? names[0];
}
