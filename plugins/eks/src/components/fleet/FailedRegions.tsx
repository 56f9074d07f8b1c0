import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import type { FleetRegionStatus } from '@backstage-eks/plugin-eks-common';
import { formatRelativeTime } from '../../lib/relativeTime';

/** The accounts and regions whose last refresh failed: their error, last success and the rows kept. */
export function FailedRegions(props: {
  regions: FleetRegionStatus[];
  now: Date;
}) {
  const failed = props.regions.filter(r => r.error);
  if (failed.length === 0) return null;
  const when = (iso?: string) =>
    iso ? formatRelativeTime(iso, props.now.getTime()) ?? iso : undefined;
  return (
    <Alert severity="warning" role="alert" aria-label="Failed regions">
      <Typography variant="body2" gutterBottom>
        The last refresh of {failed.length} account region
        {failed.length === 1 ? '' : 's'} failed; their clusters show the last
        good data.
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {failed.map(r => (
          <li key={`${r.accountId}/${r.region}`} data-testid="failed-region">
            <Typography variant="body2">
              <strong>
                {r.accountId} / {r.region}
              </strong>
              : {r.error} —{' '}
              {r.lastSuccessAt
                ? `last success ${when(r.lastSuccessAt)}`
                : 'never refreshed successfully'}
              {r.lastAttemptAt ? `, last attempt ${when(r.lastAttemptAt)}` : ''}
              {`, ${r.clusterCount} cluster${
                r.clusterCount === 1 ? '' : 's'
              } kept`}
            </Typography>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
