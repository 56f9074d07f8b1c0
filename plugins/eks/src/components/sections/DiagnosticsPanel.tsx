import {
  InfoCard,
  Link,
  StatusOK,
  WarningPanel,
} from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { Diagnostic, Severity } from '@backstage-eks/plugin-eks-common';
import { sortDiagnostics } from '../../lib/diagnostics';

const PANEL_SEVERITY: Record<Severity, 'error' | 'warning' | 'info'> = {
  critical: 'error',
  warning: 'warning',
  info: 'info',
};

function Paragraph(props: { label: string; text: string }) {
  return (
    <Typography variant="body2" paragraph>
      <strong>{props.label}</strong> {props.text}
    </Typography>
  );
}

function DiagnosticItem(props: { diagnostic: Diagnostic }) {
  const { diagnostic } = props;
  return (
    <Box mb={1} data-testid={`diagnostic-${diagnostic.id}`}>
      <WarningPanel
        severity={PANEL_SEVERITY[diagnostic.severity] ?? 'info'}
        title={diagnostic.title}
        defaultExpanded={diagnostic.severity === 'critical'}
      >
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
          {diagnostic.link && (
            <Link to={diagnostic.link} target="_blank" rel="noopener">
              Learn more
            </Link>
          )}
        </div>
      </WarningPanel>
    </Box>
  );
}

/** Problems found on the cluster, most severe first, with why and how to fix. */
export function DiagnosticsPanel(props: { diagnostics: Diagnostic[] }) {
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
      {diagnostics.length === 0 ? (
        <StatusOK>No problems found on this cluster.</StatusOK>
      ) : (
        diagnostics.map(diagnostic => (
          <DiagnosticItem key={diagnostic.id} diagnostic={diagnostic} />
        ))
      )}
    </InfoCard>
  );
}
