import { TextField } from '@material-ui/core';

/** The configuration as YAML or JSON text. */
export function RawConfigurationEditor(props: {
  id: string;
  text: string;
  onChange: (text: string) => void;
  error?: string;
}) {
  return (
    <TextField
      id={props.id}
      label="Configuration (YAML or JSON)"
      multiline
      minRows={6}
      fullWidth
      variant="outlined"
      margin="dense"
      value={props.text}
      onChange={event => props.onChange(event.target.value)}
      error={Boolean(props.error)}
      helperText={props.error}
      inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
    />
  );
}
