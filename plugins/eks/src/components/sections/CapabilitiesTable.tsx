import { Typography } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import {
  CAPABILITY_TYPE_TITLES,
  CapabilityType,
  EksCapabilityHealth,
  Section,
} from '@backstage-eks/plugin-eks-common';
import { EksStatus, SectionTable } from '../shared';
import { textCell, Token } from './tableText';

/** The status, with the codes of its issues. */
export function CapabilityStatus(props: { capability: EksCapabilityHealth }) {
  const { capability } = props;
  return (
    <EksStatus
      status={capability.status}
      label={
        capability.issues.length > 0
          ? `${capability.status} (${capability.issues
              .map(i => i.code)
              .join(', ')})`
          : capability.status
      }
    />
  );
}

const columns: TableColumn<EksCapabilityHealth>[] = [
  {
    title: 'Capability',
    field: 'name',
    highlight: true,
    cellStyle: textCell,
    render: c => <Token value={c.name} />,
  },
  {
    title: 'Type',
    field: 'type',
    render: c => (
      <>
        {c.type}
        <Typography variant="caption" display="block">
          {CAPABILITY_TYPE_TITLES[c.type as CapabilityType] ?? ''}
        </Typography>
      </>
    ),
  },
  {
    title: 'Status',
    field: 'status',
    render: c => <CapabilityStatus capability={c} />,
  },
  { title: 'Version', field: 'version', render: c => c.version ?? '—' },
  {
    title: 'Issues',
    field: 'issues',
    cellStyle: textCell,
    render: c =>
      c.issues.length
        ? c.issues.map(i => (
            <Typography key={i.code} variant="body2">
              {i.code}: {i.message}
            </Typography>
          ))
        : 'none',
  },
  {
    title: 'Capability role',
    field: 'roleArn',
    cellStyle: textCell,
    render: c => (c.roleArn ? <Token value={c.roleArn} /> : '—'),
  },
  {
    title: 'Argo CD',
    field: 'serverUrl',
    render: c =>
      c.serverUrl ? <Link to={c.serverUrl}>Open Argo CD</Link> : '—',
  },
  {
    title: 'On delete',
    field: 'deletePropagationPolicy',
    render: c =>
      c.deletePropagationPolicy === 'RETAIN'
        ? 'RETAIN: keeps what it manages'
        : c.deletePropagationPolicy ?? '—',
  },
];

/** The cluster's EKS Capabilities (managed Argo CD, ACK, kro). */
export function CapabilitiesTable(props: {
  section: Section<EksCapabilityHealth[]>;
}) {
  return (
    <SectionTable
      title="EKS Capabilities"
      section={props.section}
      columns={columns}
      emptyMessage="No EKS Capabilities: managed Argo CD, AWS Controllers for Kubernetes and kro can be added with the EKS Capability template."
    />
  );
}
