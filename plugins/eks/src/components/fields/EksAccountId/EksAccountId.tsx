import { TextField } from '@material-ui/core';
import { EksAccountIdProps } from './schema';

/**
 * An AWS account id, checked on submit against the accounts the portal has
 * credentials for.
 *
 * @public
 */
export function EksAccountId(props: EksAccountIdProps) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'AWS account id'}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim() || undefined)}
      margin="dense"
      variant="outlined"
      fullWidth
      required={required}
      autoComplete="off"
      inputProps={{ inputMode: 'numeric', spellCheck: false }}
      error={(rawErrors?.length ?? 0) > 0}
    />
  );
}
