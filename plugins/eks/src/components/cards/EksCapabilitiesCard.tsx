import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { EksCapabilityHealth } from '@backstage-eks/plugin-eks-common';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import { CapabilityStatus } from '../sections/CapabilitiesTable';
import { EksAnnotationGate, SectionTable } from '../shared';

const columns: TableColumn<EksCapabilityHealth>[] = [
  { title: 'Capability', field: 'name', highlight: true },
  { title: 'Type', field: 'type' },
  {
    title: 'Status',
    field: 'status',
    render: c => <CapabilityStatus capability={c} />,
  },
  { title: 'Version', field: 'version', render: c => c.version ?? '—' },
];

function CapabilitiesCardBody(props: { entity: Entity }) {
  const { health, loading, error } = useClusterHealth(props.entity);
  if (health) {
    return (
      <SectionTable
        title="EKS Capabilities"
        section={health.capabilities}
        columns={columns}
        pageSize={5}
        emptyMessage="No EKS Capabilities (managed Argo CD, ACK, kro) on this cluster."
      />
    );
  }
  return (
    <InfoCard title="EKS Capabilities">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
    </InfoCard>
  );
}

/**
 * An overview card listing the cluster's EKS Capabilities (managed Argo
 * CD, ACK, kro) with status, version and issue codes.
 *
 * @public
 */
export function EksCapabilitiesCard() {
  return (
    <EksAnnotationGate>
      {entity => <CapabilitiesCardBody entity={entity} />}
    </EksAnnotationGate>
  );
}
