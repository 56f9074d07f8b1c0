import { TableColumn } from '@backstage/core-components';
import {
  PodIdentityAssociationSummary,
  Section,
} from '@backstage-eks/plugin-eks-common';
import { SectionTable } from '../shared';

const columns: TableColumn<PodIdentityAssociationSummary>[] = [
  { title: 'Namespace', field: 'namespace' },
  { title: 'Service account', field: 'serviceAccount', highlight: true },
  { title: 'IAM role', field: 'roleArn' },
  {
    title: 'Target role',
    field: 'targetRoleArn',
    render: association => association.targetRoleArn ?? '—',
  },
  {
    title: 'Owner',
    field: 'ownerArn',
    render: association => association.ownerArn ?? '—',
  },
  { title: 'Association', field: 'associationId' },
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
