import { MenuItem, TextField } from '@material-ui/core';
import { allFormData } from '../formContext';
import { EksSelectedAddonPickerProps } from './schema';
import { selectedAddonNames } from './validation';

const NONE = '';

/**
 * Chooses one of the add-ons selected in another field of the form (or
 * none), so the add-on to configure is picked, not typed.
 *
 * @public
 */
export function EksSelectedAddonPicker(props: EksSelectedAddonPickerProps) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    idSchema,
    formContext,
  } = props;
  const options = uiSchema?.['ui:options'];
  const names = selectedAddonNames(
    allFormData(formContext),
    options?.addonsField,
  );
  // A value no longer among the selected add-ons stays visible, so its error
  // on this field makes sense.
  const choices =
    formData && !names.includes(formData) ? [...names, formData] : names;
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Add-on to configure'}
      value={formData ?? NONE}
      onChange={event =>
        onChange(event.target.value === NONE ? undefined : event.target.value)
      }
      margin="dense"
      variant="outlined"
      fullWidth
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      helperText={
        names.length === 0
          ? `Select add-ons in ${options?.addonsTitle ?? 'Add-ons'} first.`
          : undefined
      }
    >
      {!required && (
        <MenuItem value={NONE}>
          <em>None</em>
        </MenuItem>
      )}
      {choices.map(name => (
        <MenuItem key={name} value={name}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
}
