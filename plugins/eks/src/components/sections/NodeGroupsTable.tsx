import { TableColumn } from '@backstage/core-components';
import { NodeGroupSummary, Section } from '@backstage-eks/plugin-eks-common';
import { EksStatus, SectionTable } from '../shared';
import { textCell, Token } from './tableText';

function imds(group: NodeGroupSummary): string {
  if (!group.httpTokens && group.httpPutResponseHopLimit === undefined) {
    return '—';
  }
  const tokens = group.httpTokens === 'required' ? 'IMDSv2' : 'IMDSv1/v2';
  return `${tokens}, hop limit ${group.httpPutResponseHopLimit ?? 'default'}`;
}

const columns: TableColumn<NodeGroupSummary>[] = [
  {
    title: 'Node group',
    field: 'name',
    highlight: true,
    cellStyle: textCell,
    render: group => <Token value={group.name} />,
  },
  {
    title: 'Status',
    field: 'status',
    render: group => <EksStatus status={group.status} />,
  },
  { title: 'Version', field: 'version' },
  {
    title: 'Instances',
    cellStyle: textCell,
    render: group => (
      <Token
        value={`${group.instanceTypes.join(', ') || '—'} (${
          group.capacityType ?? 'ON_DEMAND'
        })`}
      />
    ),
  },
  {
    title: 'Size (min / desired / max)',
    cellStyle: textCell,
    render: group =>
      `${group.minSize ?? '?'} / ${group.desiredSize ?? '?'} / ${
        group.maxSize ?? '?'
      }`,
  },
  {
    title: 'AMI',
    field: 'amiType',
    cellStyle: textCell,
    render: group => (group.amiType ? <Token value={group.amiType} /> : '—'),
  },
  { title: 'Instance metadata', cellStyle: textCell, render: imds },
  {
    title: 'Issues',
    cellStyle: textCell,
    render: group =>
      group.issues.length === 0
        ? '—'
        : group.issues
            .map(issue => `${issue.code}: ${issue.message}`)
            .join('; '),
  },
];

/** The cluster's managed node groups. */
export function NodeGroupsTable(props: {
  section: Section<NodeGroupSummary[]>;
}) {
  return (
    <SectionTable
      title="Managed node groups"
      section={props.section}
      columns={columns}
      emptyMessage="No managed node groups."
    />
  );
}
