import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterHealth,
  SEVERITY_LABELS,
  Severity,
} from '@backstage-eks/plugin-eks-common';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import { sortDiagnostics } from '../../lib/diagnostics';
import {
  EksAnnotationGate,
  EksStatus,
  PropertyList,
  RefreshButton,
  RelativeTime,
  statusKind,
  VerdictStatus,
} from '../shared';

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
  const text = `${unhealthy.length} of ${
    addons.data.length
  } not active: ${unhealthy
    .map(addon => `${addon.name} (${addon.status})`)
    .join(', ')}`;
  return unhealthy.some(addon => statusKind(addon.status) === 'error') ? (
    <StatusError>{text}</StatusError>
  ) : (
    <StatusWarning>{text}</StatusWarning>
  );
}

/** Findings counted in the words the EKS tab uses. */
function findingsText(health: ClusterHealth): string | undefined {
  const { counts } = health.verdict;
  const parts = (['critical', 'warning'] as Severity[])
    .filter(severity => counts[severity] > 0)
    .map(
      severity =>
        `${counts[severity]} ${SEVERITY_LABELS[severity].toLowerCase()}`,
    );
  return parts.length ? parts.join(', ') : undefined;
}

function Summary(props: { health: ClusterHealth }) {
  const { health } = props;
  const { verdict } = health;
  const cluster = health.cluster;
  const verdictRow: [string, ReactNode] = [
    'Verdict',
    <VerdictStatus verdict={verdict} />,
  ];
  if (cluster.error) {
    // Gone or unreachable: the verdict says why and what to do, once.
    return (
      <PropertyList
        rows={[
          verdictRow,
          ...(verdict.nextStep
            ? [['What to do', verdict.nextStep] as [string, ReactNode]]
            : []),
          ['Checked', <RelativeTime value={health.generatedAt} />],
        ]}
      />
    );
  }
  const topFinding = sortDiagnostics(health.diagnostics)[0];
  const findings = findingsText(health);
  return (
    <PropertyList
      rows={[
        verdictRow,
        ['Status', <EksStatus status={cluster.data.status} />],
        [
          'Kubernetes',
          cluster.data.upgradeAvailable
            ? `${cluster.data.version} (upgrade to ${cluster.data.upgradeAvailable} available)`
            : cluster.data.version,
        ],
        [
          'Nodes',
          health.nodes.error
            ? `unavailable (${health.nodes.error.source})`
            : `${health.nodes.data.ready}/${health.nodes.data.total} ready`,
        ],
        ['Add-ons', <AddonsSummary health={health} />],
        [
          'Findings',
          findings
            ? `${findings}${topFinding ? ` — ${topFinding.title}` : ''}`
            : 'none',
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
