import { TextField } from '@material-ui/core';
import { allFormData } from '../formContext';
import { EksClusterNameConfirmationProps } from './schema';
import { chosenClusterName } from './validation';

/**
 * A text field where the person types the chosen cluster's name to confirm
 * a destructive step. The check itself is the field's validation, so a
 * wrong name is this field's error before the form can be submitted.
 *
 * @public
 */
export function EksClusterNameConfirmation(
  props: EksClusterNameConfirmationProps,
) {
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
  const expected = chosenClusterName(
    allFormData(formContext),
    uiSchema?.['ui:options']?.clusterField,
  );
  // The form shows the field's errors and its ui:help below the field; the
  // field itself says what to type.
  const hint = expected
    ? `Type "${expected}" to confirm.`
    : 'Choose the cluster first, then type its name here.';
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Type the cluster name to confirm'}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      margin="dense"
      variant="outlined"
      fullWidth
      required={required}
      autoComplete="off"
      inputProps={{ spellCheck: false }}
      error={(rawErrors?.length ?? 0) > 0}
      helperText={hint}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
}
