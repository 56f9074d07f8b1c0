import { Box, Grid, LinearProgress, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import {
  AddonsTable,
  CapabilitiesTable,
  ClusterOverview,
  ClusterVersionCard,
  DiagnosticsPanel,
  InsightsRefresh,
  InsightsTable,
  KarpenterCard,
  NodeGroupsTable,
  NodesSummaryCard,
  PodIdentityTable,
} from '../sections';
import { clusterOfHealth } from '../sections/ClusterVersionCard';
import { VerdictSummary } from '../sections/DiagnosticsPanel';
import { DeletionTaskNote } from './DeletionTask';
import {
  EksAnnotationGate,
  ExplainedErrorsProvider,
  RefreshButton,
  RelativeTime,
} from '../shared';

/** When the health was checked, with the refresh button. */
function HealthHeader(props: {
  health: ClusterHealth;
  refreshing: boolean;
  refresh: () => void;
}) {
  const { health, refreshing, refresh } = props;
  return (
    <Grid item xs={12}>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        gridGap={16}
      >
        <Typography variant="body2" color="textSecondary">
          Checked <RelativeTime value={health.generatedAt} />
        </Typography>
        <RefreshButton onClick={refresh} busy={refreshing} />
      </Box>
      {refreshing && <LinearProgress aria-label="Refreshing" />}
    </Grid>
  );
}

/** A cluster that is gone, or that EKS cannot be read for: one explanation. */
function ClusterVerdictOnly(props: { verdict: ClusterHealth['verdict'] }) {
  const { verdict } = props;
  return (
    <Grid item xs={12}>
      <InfoCard title="Cluster">
        <VerdictSummary verdict={verdict} />
        {verdict.kind === 'gone' && verdict.cluster && (
          <DeletionTaskNote
            clusterName={verdict.cluster.name}
            region={verdict.cluster.region}
          />
        )}
      </InfoCard>
    </Grid>
  );
}

/** Every section of the health document, diagnostics first. */
function HealthSections(props: {
  health: ClusterHealth;
  entity: Entity;
  refresh: () => void;
}) {
  const { health } = props;
  return (
    <>
      <Grid item xs={12}>
        <DiagnosticsPanel
          verdict={health.verdict}
          diagnostics={health.diagnostics}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ClusterOverview section={health.cluster} />
      </Grid>
      <Grid item xs={12} md={6}>
        <NodesSummaryCard section={health.nodes} />
      </Grid>
      <Grid item xs={12}>
        <ClusterVersionCard
          section={health.upgrade}
          cluster={clusterOfHealth(health)}
        />
      </Grid>
      <Grid item xs={12}>
        <AddonsTable
          section={health.addons}
          associations={health.podIdentityAssociations}
        />
      </Grid>
      <Grid item xs={12}>
        <CapabilitiesTable section={health.capabilities} />
      </Grid>
      <Grid item xs={12}>
        <KarpenterCard
          section={health.karpenter}
          kubernetesVersion={health.cluster.data?.version}
          upgrade={
            health.cluster.data && {
              cluster: health.cluster.data.name,
              region: health.cluster.data.region,
              accountId: health.cluster.data.accountId,
            }
          }
        />
      </Grid>
      <Grid item xs={12}>
        <PodIdentityTable section={health.podIdentityAssociations} />
      </Grid>
      <Grid item xs={12}>
        <NodeGroupsTable section={health.nodeGroups} />
      </Grid>
      <Grid item xs={12}>
        <InsightsTable
          section={health.insights}
          versions={{
            current: health.cluster.data?.version,
            // the upgrade section knows the next version EKS offers (none at the newest)
            next: health.upgrade.data
              ? health.upgrade.data.nextVersion ?? null
              : undefined,
          }}
          refresh={
            <InsightsRefresh
              entity={props.entity}
              onCompleted={props.refresh}
            />
          }
        />
      </Grid>
    </>
  );
}

function ClusterHealthView(props: { entity: Entity }) {
  const { health, loading, refreshing, error, refresh } = useClusterHealth(
    props.entity,
  );

  if (loading) {
    return <Progress />;
  }
  if (error || !health) {
    return (
      <>
        <ResponseErrorPanel error={error ?? new Error('No health document')} />
        <Box mt={2}>
          <RefreshButton onClick={refresh} busy={false} />
        </Box>
      </>
    );
  }

  const header = (
    <HealthHeader health={health} refreshing={refreshing} refresh={refresh} />
  );
  // A cluster that is gone, or that EKS cannot be read for, has nothing else
  // to show: one explanation, not one error per section.
  const { verdict } = health;
  if (
    verdict.kind === 'gone' ||
    (verdict.kind === 'unreachable' && health.cluster.error)
  ) {
    return (
      <Grid container spacing={3}>
        {header}
        <ClusterVerdictOnly verdict={verdict} />
      </Grid>
    );
  }

  return (
    <ExplainedErrorsProvider health={health}>
      <Grid container spacing={3}>
        {header}
        <HealthSections
          health={health}
          entity={props.entity}
          refresh={refresh}
        />
      </Grid>
    </ExplainedErrorsProvider>
  );
}

/**
 * The EKS tab of a cluster entity: diagnostics, overview, nodes, version
 * and upgrades, add-ons, Karpenter, Pod Identity, node groups and insights.
 *
 * @public
 */
export function EksClusterContent() {
  return (
    <EksAnnotationGate>
      {entity => <ClusterHealthView entity={entity} />}
    </EksAnnotationGate>
  );
}
