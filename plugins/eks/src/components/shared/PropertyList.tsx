import { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  makeStyles,
} from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  label: {
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    width: '1%',
  },
  value: { wordBreak: 'break-word' },
}));

/** Label/value rows, as in an entity's "About" card. */
export function PropertyList(props: { rows: [string, ReactNode][] }) {
  const classes = useStyles();
  return (
    <Table size="small">
      <TableBody>
        {props.rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row" className={classes.label}>
              {label}
            </TableCell>
            <TableCell className={classes.value}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
