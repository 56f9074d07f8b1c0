import { TextField } from '@material-ui/core';
import { EksDesiredNodeCountProps } from './schema';

/**
 * The desired number of nodes of a node group: a whole-number input whose
 * validation checks it against the minimum and maximum fields of the form.
 *
 * @public
 */
export function EksDesiredNodeCount(props: EksDesiredNodeCountProps) {
  const { formData, onChange, schema, rawErrors, required, idSchema } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Desired nodes'}
      type="number"
      value={formData ?? ''}
      onChange={event => {
        const text = event.target.value.trim();
        onChange(text === '' ? undefined : Number(text));
      }}
      margin="dense"
      variant="outlined"
      required={required}
      inputProps={{ min: 0, step: 1 }}
      error={(rawErrors?.length ?? 0) > 0}
    />
  );
}
