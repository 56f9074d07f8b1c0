import { Button } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';

/** Reloads the health document, bypassing the backend's cache. */
export function RefreshButton(props: { onClick: () => void; busy: boolean }) {
  return (
    <Button
      variant="outlined"
      size="small"
      startIcon={<RefreshIcon />}
      onClick={props.onClick}
      disabled={props.busy}
    >
      {props.busy ? 'Refreshing…' : 'Refresh'}
    </Button>
  );
}
