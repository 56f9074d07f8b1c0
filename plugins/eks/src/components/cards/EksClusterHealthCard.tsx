import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { ClusterHealth, Severity } from '@backstage-eks/plugin-eks-common';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import { sortDiagnostics } from '../../lib/diagnostics';
import {
  EksAnnotationGate,
  EksStatus,
  PropertyList,
  RefreshButton,
  RelativeTime,
  SectionError,
  statusKind,
} from '../shared';

function countSeverity(health: ClusterHealth, severity: Severity): number {
  return health.diagnostics.filter(d => d.severity === severity).length;
}

function AddonsSummary(props: { health: ClusterHealth }) {
  const { addons } = props.health;
  if (addons.error) {
    return <>unavailable ({addons.error.source})</>;
  }
  const unhealthy = addons.data.filter(
    addon => statusKind(addon.status) !== 'ok',
  );
  if (unhealthy.length === 0) {
    return <StatusOK>{addons.data.length} active</StatusOK>;
  }
  return (
    <StatusWarning>
      {unhealthy.length} of {addons.data.length} not active:{' '}
      {unhealthy.map(addon => addon.name).join(', ')}
    </StatusWarning>
  );
}

function Summary(props: { health: ClusterHealth }) {
  const { health } = props;
  const cluster = health.cluster;
  if (cluster.error) {
    return <SectionError title="Cluster" error={cluster.error} />;
  }
  const critical = countSeverity(health, 'critical');
  const warnings = countSeverity(health, 'warning');
  const topFinding = sortDiagnostics(health.diagnostics)[0];
  return (
    <PropertyList
      rows={[
        ['Status', <EksStatus status={cluster.data.status} />],
        [
          'Kubernetes',
          cluster.data.upgradeAvailable ? (
            <StatusWarning>
              {cluster.data.version} (upgrade to {cluster.data.upgradeAvailable}{' '}
              available)
            </StatusWarning>
          ) : (
            cluster.data.version
          ),
        ],
        [
          'Nodes',
          health.nodes.error
            ? `unavailable (${health.nodes.error.source})`
            : `${health.nodes.data.ready}/${health.nodes.data.total} ready`,
        ],
        ['Add-ons', <AddonsSummary health={health} />],
        [
          'Diagnostics',
          critical + warnings === 0 ? (
            <StatusOK>No critical findings or warnings</StatusOK>
          ) : (
            <StatusError>
              {critical} critical, {warnings}{' '}
              {warnings === 1 ? 'warning' : 'warnings'}
              {topFinding ? ` — ${topFinding.title}` : ''}
            </StatusError>
          ),
        ],
        ['Checked', <RelativeTime value={health.generatedAt} />],
      ]}
    />
  );
}

function HealthCardBody(props: { entity: Entity }) {
  const { health, loading, refreshing, error, refresh } = useClusterHealth(
    props.entity,
  );
  return (
    <InfoCard
      title="EKS cluster health"
      action={
        health ? (
          <RefreshButton onClick={refresh} busy={refreshing} />
        ) : undefined
      }
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {health && <Summary health={health} />}
    </InfoCard>
  );
}

/**
 * An overview card: cluster status, version, nodes, add-ons and the most
 * severe diagnostic.
 *
 * @public
 */
export function EksClusterHealthCard() {
  return (
    <EksAnnotationGate>
      {entity => <HealthCardBody entity={entity} />}
    </EksAnnotationGate>
  );
}
