import { ReactNode } from 'react';
import {
  StatusAborted,
  StatusOK,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import {
  ClusterInsight,
  Section,
  UPGRADE_READINESS_CATEGORY,
} from '@backstage-eks/plugin-eks-common';
import { EksStatus, SectionTable } from '../shared';

const finding = (insight: ClusterInsight) =>
  [insight.reason, insight.recommendation].filter(Boolean).join(' — ') ||
  insight.description ||
  '—';

/** Readiness for the next version is advice for later, never an error now. */
function ReadinessStatus(props: { status: string }) {
  switch (props.status) {
    case 'PASSING':
      return <StatusOK>Ready</StatusOK>;
    case 'ERROR':
      return <StatusWarning>Fix before upgrading</StatusWarning>;
    case 'WARNING':
      return <StatusWarning>Check before upgrading</StatusWarning>;
    default:
      return <StatusAborted>Not checked yet</StatusAborted>;
  }
}

const readinessColumns: TableColumn<ClusterInsight>[] = [
  {
    title: 'Readiness',
    field: 'status',
    render: insight => <ReadinessStatus status={insight.status} />,
  },
  { title: 'Check', field: 'name', highlight: true },
  { title: 'Finding', render: finding },
];

/** EKS's insight categories, as the console names them. */
const CATEGORY_LABELS: Record<string, string> = {
  UPGRADE_READINESS: 'Upgrade readiness',
  MISCONFIGURATION: 'Configuration',
  ROLLBACK_READINESS: 'Rollback readiness',
};

/** A category's label; one EKS added since is shown as it comes. */
export function insightCategoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category;
}

const otherColumns: TableColumn<ClusterInsight>[] = [
  {
    title: 'Status',
    field: 'status',
    render: insight => <EksStatus status={insight.status} />,
  },
  { title: 'Insight', field: 'name', highlight: true },
  {
    title: 'Category',
    field: 'category',
    render: insight => insightCategoryLabel(insight.category),
  },
  {
    title: 'Version',
    field: 'kubernetesVersion',
    render: insight => insight.kubernetesVersion ?? '—',
  },
  { title: 'Finding', render: finding },
];

function select(
  section: Section<ClusterInsight[]>,
  keep: (insight: ClusterInsight) => boolean,
): Section<ClusterInsight[]> {
  return section.error ? section : { data: section.data.filter(keep) };
}

/**
 * EKS insights of every category: readiness for the next Kubernetes version
 * as its own table ("Upgrade readiness for 1.xx"), the others
 * (configuration, e.g. of Hybrid Nodes, and readiness to roll back to the
 * previous version) in another, shown only when there are some. `refresh`
 * is shown above them (the on-demand refresh, see InsightsRefresh).
 */
export function InsightsTable(props: {
  section: Section<ClusterInsight[]>;
  upgradeAvailable?: string;
  refresh?: ReactNode;
}) {
  const { section } = props;
  const readiness = select(
    section,
    i => i.category === UPGRADE_READINESS_CATEGORY,
  );
  const others = select(
    section,
    i => i.category !== UPGRADE_READINESS_CATEGORY,
  );
  const version =
    readiness.data?.find(i => i.kubernetesVersion)?.kubernetesVersion ??
    props.upgradeAvailable;
  return (
    <>
      {props.refresh}
      <SectionTable
        title={
          version ? `Upgrade readiness for ${version}` : 'Upgrade readiness'
        }
        section={readiness}
        columns={readinessColumns}
        emptyMessage="EKS reports no upgrade readiness checks for this cluster yet."
      />
      {others.data && others.data.length > 0 && (
        <div style={{ marginTop: 24 }}>
          <SectionTable
            title="Configuration and rollback insights"
            section={others}
            columns={otherColumns}
            emptyMessage="EKS reports no other insights for this cluster."
          />
        </div>
      )}
    </>
  );
}
