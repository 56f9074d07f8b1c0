import { TableColumn, StatusWarning } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { AddonSummary, Section } from '@backstage-eks/plugin-eks-common';
import { EksStatus, RelativeTime, SectionTable } from '../shared';

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

function PodIdentity(props: { addon: AddonSummary }) {
  const { addon } = props;
  if (addon.podIdentityAssociations.length > 0) {
    return <>{addon.podIdentityAssociations.join(', ')}</>;
  }
  if (addon.serviceAccountRoleArn) {
    return <>IRSA: {addon.serviceAccountRoleArn}</>;
  }
  return <>—</>;
}

const noWrap = { whiteSpace: 'nowrap' } as const;

const columns: TableColumn<AddonSummary>[] = [
  { title: 'Add-on', field: 'name', highlight: true, cellStyle: noWrap },
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
    cellStyle: { minWidth: 240 },
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
    render: addon => <PodIdentity addon={addon} />,
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
  pageSize?: number;
}) {
  return (
    <SectionTable
      title="Add-ons"
      section={props.section}
      columns={columns}
      pageSize={props.pageSize}
      emptyMessage="No EKS add-ons are installed on this cluster."
    />
  );
}
