import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { useClusterHealth } from '../../hooks/useClusterHealth';
import {
  ClusterVersionCard,
  clusterOfHealth,
} from '../sections/ClusterVersionCard';
import { EksAnnotationGate } from '../shared';

function VersionCardBody(props: { entity: Entity }) {
  const { health, loading, error } = useClusterHealth(props.entity);
  if (health) {
    return (
      <ClusterVersionCard
        section={health.upgrade}
        cluster={clusterOfHealth(health)}
      />
    );
  }
  return (
    <InfoCard title="Version and upgrades">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
    </InfoCard>
  );
}

/**
 * An overview card with the cluster's Kubernetes version and its support
 * dates, the extended support price, readiness for the next version with
 * an Upgrade button, the latest upgrade or rollback (reloaded while it
 * runs) and the rollback window while it is open.
 *
 * @public
 */
export function EksClusterVersionCard() {
  return (
    <EksAnnotationGate>
      {entity => <VersionCardBody entity={entity} />}
    </EksAnnotationGate>
  );
}
