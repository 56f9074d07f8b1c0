import { TableColumn } from '@backstage/core-components';
import { ClusterInsight, Section } from '@backstage-eks/plugin-eks-common';
import { EksStatus, SectionTable } from '../shared';

const columns: TableColumn<ClusterInsight>[] = [
  {
    title: 'Status',
    field: 'status',
    render: insight => <EksStatus status={insight.status} />,
  },
  { title: 'Insight', field: 'name', highlight: true },
  { title: 'Category', field: 'category' },
  {
    title: 'Kubernetes version',
    field: 'kubernetesVersion',
    render: insight => insight.kubernetesVersion ?? '—',
  },
  {
    title: 'Finding',
    render: insight =>
      [insight.reason, insight.recommendation].filter(Boolean).join(' — ') ||
      insight.description ||
      '—',
  },
];

/** EKS upgrade and configuration insights. */
export function InsightsTable(props: { section: Section<ClusterInsight[]> }) {
  return (
    <SectionTable
      title="Insights"
      section={props.section}
      columns={columns}
      emptyMessage="EKS reports no insights for this cluster."
    />
  );
}
