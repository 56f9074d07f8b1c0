import { TableColumn, StatusWarning } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import {
  addonPodIdentityAssociations,
  AddonSummary,
  PodIdentityAssociationSummary,
  Section,
} from '@backstage-eks/plugin-eks-common';
import { EksStatus, RelativeTime, SectionTable } from '../shared';
import { textCell } from './tableText';

function HealthIssues(props: { addon: AddonSummary }) {
  if (props.addon.health.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {props.addon.health.map(issue => (
        <div key={`${issue.code}-${issue.message}`}>
          <Typography variant="body2">
            <strong>{issue.code}</strong>: {issue.message}
            {issue.resourceIds?.length
              ? ` (${issue.resourceIds.join(', ')})`
              : ''}
          </Typography>
          {issue.remedy && (
            <Typography variant="body2" color="textSecondary">
              Remedy: {issue.remedy}
            </Typography>
          )}
        </div>
      ))}
    </>
  );
}

/** The role's name: the end of its ARN. */
function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function PodIdentity(props: {
  addon: AddonSummary;
  associations: PodIdentityAssociationSummary[];
}) {
  const { addon } = props;
  const matched = addonPodIdentityAssociations(addon, props.associations);
  if (matched.length > 0) {
    return (
      <>
        {matched.map(a => (
          <div key={a.associationId} title={a.roleArn}>
            {roleName(a.roleArn)} ({a.namespace}/{a.serviceAccount})
          </div>
        ))}
      </>
    );
  }
  if (addon.podIdentityAssociations.length > 0) {
    // the cluster's associations could not be read: EKS's ARNs for them
    return <>{addon.podIdentityAssociations.join(', ')}</>;
  }
  if (addon.serviceAccountRoleArn) {
    return <>IRSA: {addon.serviceAccountRoleArn}</>;
  }
  return <>—</>;
}

const noWrap = { whiteSpace: 'nowrap' } as const;

const columns = (
  associations: PodIdentityAssociationSummary[],
): TableColumn<AddonSummary>[] => [
  {
    title: 'Add-on',
    field: 'name',
    highlight: true,
    cellStyle: noWrap,
    render: addon => (
      <>
        {addon.name}
        {addon.namespace && (
          <Typography variant="caption" display="block">
            in namespace {addon.namespace}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Status',
    field: 'status',
    cellStyle: noWrap,
    render: addon => <EksStatus status={addon.status} />,
  },
  {
    // the newer version under the installed one: a column of its own made
    // the table wider than its card beside the sidebar
    title: 'Version',
    field: 'version',
    cellStyle: noWrap,
    customFilterAndSearch: (term, addon) =>
      `${addon.version} ${addon.newerVersion ?? ''}`
        .toLowerCase()
        .includes(String(term).toLowerCase()),
    render: addon => (
      <>
        {addon.version}
        {addon.newerVersion && (
          <div>
            <StatusWarning>{addon.newerVersion} available</StatusWarning>
          </div>
        )}
      </>
    ),
  },
  {
    title: 'Health issues',
    cellStyle: { ...textCell, minWidth: 240 },
    customFilterAndSearch: (term, addon) =>
      addon.health.some(issue =>
        `${issue.code} ${issue.message}`
          .toLowerCase()
          .includes(String(term).toLowerCase()),
      ),
    render: addon => <HealthIssues addon={addon} />,
  },
  {
    title: 'Pod Identity',
    cellStyle: textCell,
    render: addon => <PodIdentity addon={addon} associations={associations} />,
    searchable: false,
  },
  {
    title: 'Modified',
    field: 'modifiedAt',
    searchable: false,
    cellStyle: noWrap,
    render: addon => (
      <RelativeTime value={addon.modifiedAt ?? addon.createdAt} />
    ),
  },
];

/** The cluster's add-ons, paged and searchable (clusters can have many). */
export function AddonsTable(props: {
  section: Section<AddonSummary[]>;
  /**
   * The cluster's Pod Identity associations: the Pod Identity column shows
   * those of each add-on's service accounts, also when made apart from it.
   */
  associations?: Section<PodIdentityAssociationSummary[]>;
  pageSize?: number;
}) {
  const associations = props.associations?.data ?? [];
  return (
    <SectionTable
      title="Add-ons"
      section={props.section}
      columns={columns(associations)}
      pageSize={props.pageSize}
      emptyMessage="No EKS add-ons are installed on this cluster."
    />
  );
}
