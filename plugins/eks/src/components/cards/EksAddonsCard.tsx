import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { AddonSummary } from '@backstage-eks/plugin-eks-common';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import { EksAnnotationGate, EksStatus, SectionTable } from '../shared';

const columns: TableColumn<AddonSummary>[] = [
  { title: 'Add-on', field: 'name', highlight: true },
  {
    title: 'Status',
    field: 'status',
    render: addon => (
      <EksStatus
        status={addon.status}
        label={
          addon.health.length > 0
            ? `${addon.status} (${addon.health.map(h => h.code).join(', ')})`
            : addon.status
        }
      />
    ),
  },
  {
    title: 'Version',
    field: 'version',
    render: addon =>
      addon.newerVersion ? (
        <StatusWarning>
          {addon.version} → {addon.newerVersion}
        </StatusWarning>
      ) : (
        addon.version
      ),
  },
];

function AddonsCardBody(props: { entity: Entity }) {
  const { health, loading, error } = useClusterHealth(props.entity);
  if (health) {
    return (
      <SectionTable
        title="EKS add-ons"
        section={health.addons}
        columns={columns}
        pageSize={5}
        emptyMessage="No EKS add-ons are installed on this cluster."
      />
    );
  }
  return (
    <InfoCard title="EKS add-ons">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
    </InfoCard>
  );
}

/**
 * An overview card listing the cluster's add-ons with status and version.
 *
 * @public
 */
export function EksAddonsCard() {
  return (
    <EksAnnotationGate>
      {entity => <AddonsCardBody entity={entity} />}
    </EksAnnotationGate>
  );
}
