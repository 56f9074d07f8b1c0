import { useState } from 'react';
import { TextField } from '@material-ui/core';
import { validateAccountId } from '@backstage-eks/plugin-eks-common';
import { EksAccountIdProps } from './schema';

/**
 * An AWS account id. Its shape (12 digits) is checked as soon as the field
 * is left, so a mistake is shown on this field rather than as a failure of
 * the pickers that read the account; on submit it is also checked against
 * the accounts the portal has credentials for.
 *
 * @public
 */
export function EksAccountId(props: EksAccountIdProps) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  const [left, setLeft] = useState(false);
  const shapeProblem =
    left && formData ? validateAccountId(formData) : undefined;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'AWS account id'}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim() || undefined)}
      onBlur={() => setLeft(true)}
      margin="dense"
      variant="outlined"
      fullWidth
      required={required}
      autoComplete="off"
      inputProps={{ inputMode: 'numeric', spellCheck: false }}
      error={Boolean(shapeProblem) || (rawErrors?.length ?? 0) > 0}
      helperText={
        shapeProblem && !rawErrors?.length
          ? `${schema.title ?? 'AWS account id'} ${shapeProblem}`
          : undefined
      }
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
}
