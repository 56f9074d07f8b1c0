import { InfoCard, Link } from '@backstage/core-components';
import type { TaskOutput } from './taskOutput';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EksStatus } from '../shared';

/** One issue of an add-on, as `aws:eks:addon:install` outputs it. */
export interface AddonOutputIssue {
  code: string;
  message: string;
  resourceIds?: string[];
  fix?: string;
  fixPath?: string;
}

/** One add-on, as `aws:eks:addon:install` outputs it (`addons`). */
export interface AddonOutput {
  name: string;
  version: string;
  status: string;
  action: string;
  podIdentityRoleArn?: string;
  issues: AddonOutputIssue[];
}

function isAddonOutput(value: unknown): value is AddonOutput {
  const v = value as Partial<AddonOutput> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.name === 'string' &&
    typeof v.status === 'string' &&
    Array.isArray(v.issues)
  );
}

/**
 * The add-ons of a task's output: its `addons` key, as the
 * `aws:eks:addon:install` action outputs them (the install-eks-addons
 * template passes its step's output on). Entries of another shape are left
 * out.
 */
export function addonsOfOutput(output: TaskOutput | undefined): AddonOutput[] {
  const addons = output?.addons;
  return Array.isArray(addons) ? addons.filter(isAddonOutput) : [];
}

function Issues(props: { issues: AddonOutputIssue[] }) {
  if (props.issues.length === 0) return <>None</>;
  return (
    <>
      {props.issues.map(issue => (
        <div key={`${issue.code}-${issue.message}`}>
          <Typography variant="body2">
            <strong>{issue.code}</strong>
            {issue.message ? `: ${issue.message}` : ''}
            {issue.resourceIds?.length
              ? ` (${issue.resourceIds.join(', ')})`
              : ''}
          </Typography>
          {issue.fix || issue.fixPath ? (
            <Typography variant="body2" color="textSecondary">
              {issue.fix ? `Fix: ${issue.fix}` : ''}
              {issue.fixPath ? (
                <>
                  {issue.fix ? ' ' : ''}
                  <Link to={issue.fixPath}>Open the fix</Link>
                </>
              ) : null}
            </Typography>
          ) : null}
        </div>
      ))}
    </>
  );
}

/**
 * Each add-on a task installed, with its version, status, what the run did
 * and its health issues with their fixes (a link when the fix is a portal
 * page). Nothing when the output lists no add-ons.
 */
export function EksAddonResults(props: { output?: TaskOutput }) {
  const addons = addonsOfOutput(props.output);
  if (addons.length === 0) return null;
  return (
    <InfoCard title="Add-ons">
      <Table size="small" aria-label="Add-ons">
        <TableHead>
          <TableRow>
            <TableCell>Add-on</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Change</TableCell>
            <TableCell>Issues</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {addons.map(addon => (
            <TableRow key={addon.name}>
              <TableCell>{addon.name}</TableCell>
              <TableCell>{addon.version}</TableCell>
              <TableCell>
                <EksStatus status={addon.status} />
              </TableCell>
              <TableCell>{addon.action}</TableCell>
              <TableCell>
                <Issues issues={addon.issues} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
