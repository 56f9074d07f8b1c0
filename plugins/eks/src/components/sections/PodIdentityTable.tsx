import { TableColumn } from '@backstage/core-components';
import {
  PodIdentityAssociationSummary,
  Section,
} from '@backstage-eks/plugin-eks-common';
import { SectionTable } from '../shared';
import { textCell, Token } from './tableText';

const orDash = (value: string | undefined) =>
  value ? <Token value={value} /> : '—';

const columns: TableColumn<PodIdentityAssociationSummary>[] = [
  {
    title: 'Namespace',
    field: 'namespace',
    cellStyle: textCell,
    render: association => <Token value={association.namespace} />,
  },
  {
    title: 'Service account',
    field: 'serviceAccount',
    highlight: true,
    cellStyle: textCell,
    render: association => <Token value={association.serviceAccount} />,
  },
  {
    title: 'IAM role',
    field: 'roleArn',
    cellStyle: textCell,
    render: association => <Token value={association.roleArn} />,
  },
  {
    title: 'Target role',
    field: 'targetRoleArn',
    cellStyle: textCell,
    render: association => orDash(association.targetRoleArn),
  },
  {
    title: 'Owner',
    field: 'ownerArn',
    cellStyle: textCell,
    render: association => orDash(association.ownerArn),
  },
  {
    title: 'Association',
    field: 'associationId',
    cellStyle: textCell,
    render: association => <Token value={association.associationId} />,
  },
];

/** The cluster's EKS Pod Identity associations. */
export function PodIdentityTable(props: {
  section: Section<PodIdentityAssociationSummary[]>;
}) {
  return (
    <SectionTable
      title="Pod Identity associations"
      section={props.section}
      columns={columns}
      emptyMessage="No Pod Identity associations: workloads get no AWS credentials from EKS Pod Identity."
    />
  );
}
