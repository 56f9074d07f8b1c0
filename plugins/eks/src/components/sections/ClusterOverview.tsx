import { Link, StatusWarning } from '@backstage/core-components';
import { ClusterSummary, Section } from '@backstage-eks/plugin-eks-common';
import { EksStatus, PropertyList, RelativeTime, SectionCard } from '../shared';

function endpointAccess(cluster: ClusterSummary): string {
  const kinds = [
    cluster.endpointPublicAccess ? 'public' : undefined,
    cluster.endpointPrivateAccess ? 'private' : undefined,
  ].filter(Boolean);
  if (kinds.length === 0) {
    return 'unknown';
  }
  const access = kinds.join(' and ');
  const cidrs = cluster.publicAccessCidrs?.length
    ? ` (public from ${cluster.publicAccessCidrs.join(', ')})`
    : '';
  return `${access}${cluster.endpointPublicAccess ? cidrs : ''}`;
}

/** "Extended support (EKS default)" / "Standard support only (...)". */
function supportPolicy(supportType: string | undefined): string {
  if (supportType === 'STANDARD') {
    return 'Standard support only (upgraded automatically when it ends)';
  }
  if (supportType === 'EXTENDED') {
    return 'Extended support after standard support ends (billed at the extended rate)';
  }
  return '—';
}

function onOff(value: boolean | undefined): string {
  if (value === undefined) return '—';
  return value ? 'Enabled' : 'Disabled';
}

function hybridNetworks(cluster: ClusterSummary): string {
  const networks = cluster.remoteNetworks;
  if (!networks) return 'Not configured';
  const pods = networks.podCidrs.length
    ? `; pods ${networks.podCidrs.join(', ')}`
    : '';
  return `nodes ${networks.nodeCidrs.join(', ')}${pods}`;
}

/** The cluster's status, version, access and identity settings. */
export function ClusterOverview(props: { section: Section<ClusterSummary> }) {
  return (
    <SectionCard title="Cluster" section={props.section}>
      {cluster => (
        <PropertyList
          rows={[
            ['Name', cluster.name],
            ['Status', <EksStatus status={cluster.status} />],
            ['Kubernetes version', cluster.version],
            ['Platform version', cluster.platformVersion ?? '—'],
            [
              'Upgrade available',
              cluster.upgradeAvailable ? (
                <StatusWarning>{cluster.upgradeAvailable}</StatusWarning>
              ) : (
                'No, on the newest version'
              ),
            ],
            ['Support policy', supportPolicy(cluster.supportType)],
            ['Deletion protection', onOff(cluster.deletionProtection)],
            ['Zonal shift', onOff(cluster.zonalShift)],
            ['Control plane tier', cluster.controlPlaneTier ?? '—'],
            ['Control plane egress', cluster.controlPlaneEgressMode ?? '—'],
            ['Hybrid Nodes networks', hybridNetworks(cluster)],
            ['Endpoint access', endpointAccess(cluster)],
            ['Authentication mode', cluster.authenticationMode ?? '—'],
            ['Auto Mode', cluster.autoMode ? 'Enabled' : 'Disabled'],
            ['OIDC issuer', cluster.oidcIssuer ?? '—'],
            ['Region / account', `${cluster.region} / ${cluster.accountId}`],
            ['Created', <RelativeTime value={cluster.createdAt} />],
            [
              'AWS console',
              <Link to={cluster.consoleUrl} target="_blank" rel="noopener">
                Open {cluster.name} in the AWS console
              </Link>,
            ],
          ]}
        />
      )}
    </SectionCard>
  );
}
