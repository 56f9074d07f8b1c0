import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { siblingValue } from '../formContext';
import { EksSelectedAddonPickerUiOptions } from './schema';

/** The names of the add-ons selected in the field `addonsField` (default `addons`). */
export function selectedAddonNames(
  formData: Record<string, unknown>,
  addonsField: string | undefined,
): string[] {
  const selected = siblingValue(formData, addonsField ?? 'addons');
  const items: unknown[] = Array.isArray(selected) ? selected : [selected];
  const names = items
    .map(item =>
      item && typeof item === 'object'
        ? (item as { name?: unknown }).name
        : item,
    )
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(names)];
}

/**
 * The chosen add-on must be one of the selected add-ons: configuration for
 * an add-on that is not installed would be applied to nothing. The message
 * names the add-ons field; the form puts this field's title before it.
 *
 * @public
 */
export const eksSelectedAddonPickerValidation: CustomFieldValidator<
  string,
  EksSelectedAddonPickerUiOptions
> = (value, validation, context) => {
  if (!value) {
    return;
  }
  const options = context.uiSchema?.['ui:options'];
  const addonsTitle = options?.addonsTitle ?? 'Add-ons';
  const names = selectedAddonNames(
    (context.formData ?? {}) as Record<string, unknown>,
    options?.addonsField,
  );
  if (names.length === 0) {
    validation.addError(
      `"${value}" is not selected in ${addonsTitle}; select add-ons there first, or leave this empty`,
    );
  } else if (!names.includes(value)) {
    validation.addError(
      `"${value}" is not selected in ${addonsTitle}; choose one of ${names.join(
        ', ',
      )}, or leave this empty`,
    );
  }
};
