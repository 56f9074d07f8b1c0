import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  ConfigurationSchema,
  listConfigurationFields,
} from '../../../lib/addonConfiguration';

/** Every key the add-on's schema declares, with type, allowed values and description. */
export function AvailableKeys(props: { schema: ConfigurationSchema }) {
  const fields = listConfigurationFields(props.schema);
  if (fields.length === 0) {
    return (
      <Typography variant="body2">The schema declares no keys.</Typography>
    );
  }
  return (
    <Table size="small" aria-label="Available configuration keys">
      <TableHead>
        <TableRow>
          <TableCell>Key</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Allowed values / default</TableCell>
          <TableCell>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map(field => (
          <TableRow key={field.path}>
            <TableCell style={{ wordBreak: 'break-all' }}>
              <code>{field.path}</code>
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {field.type ?? 'any'}
              {field.format ? ` (format ${field.format})` : ''}
            </TableCell>
            <TableCell>
              {[
                field.enum
                  ? field.enum.map(v => JSON.stringify(v)).join(', ')
                  : undefined,
                field.default !== undefined
                  ? `default ${JSON.stringify(field.default)}`
                  : undefined,
              ]
                .filter(Boolean)
                .join('; ') || '—'}
            </TableCell>
            <TableCell>{field.description ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
