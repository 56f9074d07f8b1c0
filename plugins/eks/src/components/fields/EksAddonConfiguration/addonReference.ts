import { siblingValue } from '../formContext';
import { EksAddonConfigurationUiOptions } from './schema';

/** The add-on (and version) whose configuration schema the field renders. */
export interface AddonReference {
  addonName: string;
  version: string;
}

function isSelection(
  value: unknown,
): value is { name: string; version?: string } {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/**
 * The add-on to configure: `addonName`/`version` from ui:options, else the
 * sibling add-on field (a name, `{name, version}`, or a list searched for
 * `addonName`).
 */
export function resolveAddonReference(
  options: EksAddonConfigurationUiOptions,
  formData: Record<string, unknown>,
): AddonReference | undefined {
  const sibling = siblingValue(formData, options.addonField ?? 'addon');
  const candidates: unknown[] = Array.isArray(sibling) ? sibling : [sibling];
  const selections = candidates.filter(isSelection);
  if (options.addonName) {
    const chosen = selections.find(s => s.name === options.addonName);
    return {
      addonName: options.addonName,
      version: options.version ?? chosen?.version ?? 'latest',
    };
  }
  if (typeof sibling === 'string' && sibling.trim() !== '') {
    return { addonName: sibling.trim(), version: options.version ?? 'latest' };
  }
  if (!Array.isArray(sibling) && isSelection(sibling)) {
    return {
      addonName: sibling.name,
      version: options.version ?? sibling.version ?? 'latest',
    };
  }
  return undefined;
}
