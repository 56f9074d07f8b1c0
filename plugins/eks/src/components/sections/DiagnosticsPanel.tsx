import { InfoCard, Link } from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  makeStyles,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Link as RouterLink } from 'react-router-dom';
import {
  ClusterVerdict,
  Diagnostic,
  SEVERITY_LABELS,
  Severity,
} from '@backstage-eks/plugin-eks-common';
import { sortDiagnostics } from '../../lib/diagnostics';
import { VerdictStatus } from '../shared';

const useStyles = makeStyles(theme => ({
  critical: { borderLeft: `4px solid ${theme.palette.error.main}` },
  warning: { borderLeft: `4px solid ${theme.palette.warning.main}` },
  info: { borderLeft: `4px solid ${theme.palette.info.main}` },
}));

function Paragraph(props: { label: string; text: string }) {
  return (
    <Typography variant="body2" paragraph>
      <strong>{props.label}</strong> {props.text}
    </Typography>
  );
}

/** The severity's words, the same as on the overview card. */
export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity] ?? severity;
}

function DiagnosticItem(props: { diagnostic: Diagnostic }) {
  const { diagnostic } = props;
  const classes = useStyles();
  return (
    <Box mb={1} data-testid={`diagnostic-${diagnostic.id}`}>
      <Accordion
        className={classes[diagnostic.severity] ?? classes.info}
        defaultExpanded={diagnostic.severity === 'critical'}
      >
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="subtitle1">
            {`${severityLabel(diagnostic.severity)}: ${diagnostic.title}`}
          </Typography>
        </AccordionSummary>
        <AccordionDetails>
          <div>
            <Paragraph label="What:" text={diagnostic.what} />
            <Paragraph label="Why:" text={diagnostic.why} />
            <Paragraph label="Fix:" text={diagnostic.fix} />
            {diagnostic.resources?.length ? (
              <Paragraph
                label="Resources:"
                text={diagnostic.resources.join(', ')}
              />
            ) : null}
            {diagnostic.action && (
              <Box mb={1}>
                <Button
                  variant="outlined"
                  color="primary"
                  component={RouterLink}
                  to={diagnostic.action.path}
                >
                  {diagnostic.action.title}
                </Button>
              </Box>
            )}
            {diagnostic.link && (
              <Link to={diagnostic.link} target="_blank" rel="noopener">
                Learn more
              </Link>
            )}
          </div>
        </AccordionDetails>
      </Accordion>
    </Box>
  );
}

/** The verdict on the cluster, what it rests on and what to do next. */
export function VerdictSummary(props: { verdict: ClusterVerdict }) {
  const { verdict } = props;
  return (
    <Box mb={2} data-testid={`verdict-${verdict.kind}`}>
      <Typography variant="h6" component="p">
        <VerdictStatus verdict={verdict} />
      </Typography>
      {verdict.detail && (
        <Typography variant="body2">{verdict.detail}</Typography>
      )}
      {verdict.nextStep && (
        <Typography variant="body2">
          <strong>What to do:</strong> {verdict.nextStep}
        </Typography>
      )}
    </Box>
  );
}

/**
 * The verdict on the cluster, then the problems found, ranked by their
 * impact on the cluster now, with why and how to fix.
 */
export function DiagnosticsPanel(props: {
  verdict: ClusterVerdict;
  diagnostics: Diagnostic[];
}) {
  const diagnostics = sortDiagnostics(props.diagnostics);
  return (
    <InfoCard
      title="Diagnostics"
      subheader={
        diagnostics.length === 0
          ? undefined
          : `${diagnostics.length} ${
              diagnostics.length === 1 ? 'finding' : 'findings'
            }`
      }
    >
      <VerdictSummary verdict={props.verdict} />
      {diagnostics.map((diagnostic, index) => (
        <DiagnosticItem
          key={`${diagnostic.id}-${index}`}
          diagnostic={diagnostic}
        />
      ))}
    </InfoCard>
  );
}
