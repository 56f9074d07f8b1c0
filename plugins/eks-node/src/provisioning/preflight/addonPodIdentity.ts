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
  /**
   * For a version that declares none: the first newer version that does
   * (null: none does), to say which to pick; undefined: not looked up.
   */
  firstSupporting?: string | null,
): string {
  const names = declared
    .map(c => c.serviceAccount)
    .filter((n): n is string => Boolean(n));
  if (names.length === 0) {
    const versionField = field.replace(/\.podIdentity$/, '.version');
    let advice = '';
    if (firstSupporting) {
      advice = `; ${addon.name} supports it from ${firstSupporting} on: set ${versionField} to "${firstSupporting}" or "latest", or give the add-on an IRSA role instead`;
    } else if (firstSupporting === null) {
      advice = `; no newer version of ${addon.name} for this Kubernetes version supports it either: leave ${field} out and give the add-on an IRSA role, or the permissions it needs another way`;
    }
    throw new InputError(
      `${field} cannot be used with ${addon.name} ${addon.version}: this version does not support EKS Pod Identity (its podIdentityConfiguration declares no service account, and EKS refuses Pod Identity associations for it)${advice}`,
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
