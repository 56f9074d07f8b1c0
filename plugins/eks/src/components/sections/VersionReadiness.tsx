import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { VersionChangeReadiness } from '@backstage-eks/plugin-eks-common';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 error, 2 warnings" in EKS's readiness checks, or that none fails. */
export function readinessHeadline(readiness: VersionChangeReadiness) {
  if (readiness.errors > 0) {
    return (
      <StatusError>
        {plural(readiness.errors, 'readiness check')} in ERROR
        {readiness.warnings > 0
          ? `, ${plural(readiness.warnings, 'warning')}`
          : ''}
        : EKS refuses the change until{' '}
        {readiness.errors === 1 ? 'it is' : 'they are'} fixed (or forced)
      </StatusError>
    );
  }
  if (readiness.warnings > 0) {
    return (
      <StatusWarning>
        {plural(readiness.warnings, 'warning')} to check first, no error
      </StatusWarning>
    );
  }
  if (readiness.passing > 0) {
    return <StatusOK>All {readiness.passing} readiness checks pass</StatusOK>;
  }
  return (
    <StatusPending>EKS reports no readiness checks for it yet</StatusPending>
  );
}

/** Each insight in ERROR or WARNING, its fix shown on expand. */
export function ReadinessFindings(props: {
  readiness: VersionChangeReadiness;
}) {
  return (
    <Box mt={1}>
      {props.readiness.findings.map(finding => (
        <Accordion key={finding.id} data-testid={`readiness-${finding.id}`}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              {finding.status === 'ERROR' ? (
                <StatusError>{finding.name}</StatusError>
              ) : (
                <StatusWarning>{finding.name}</StatusWarning>
              )}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <div>
              {finding.reason && (
                <Typography variant="body2" paragraph>
                  <strong>What:</strong> {finding.reason}
                </Typography>
              )}
              <Typography variant="body2">
                <strong>Fix:</strong>{' '}
                {finding.recommendation ??
                  finding.description ??
                  'See the insight in the AWS console.'}
              </Typography>
            </div>
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}
