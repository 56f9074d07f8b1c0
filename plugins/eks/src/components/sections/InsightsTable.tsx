import { ReactNode } from 'react';
import {
  StatusAborted,
  StatusOK,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import {
  ClusterInsight,
  compareKubernetesVersions,
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

/** Where the cluster's version stands: what the readiness table is about. */
export interface InsightsVersions {
  /** The cluster's Kubernetes version. */
  current?: string;
  /**
   * The next version EKS offers; `null` when the cluster runs the newest
   * one; undefined when unknown (the upgrade section did not load).
   */
  next?: string | null;
}

/**
 * The upgrade readiness insights about the next version: EKS names the
 * version each is about, and until it refreshes them (daily, or on demand)
 * after an upgrade they are still about the version the cluster now runs.
 */
function aboutNextVersion(
  versions: InsightsVersions,
): (insight: ClusterInsight) => boolean {
  const { current, next } = versions;
  return insight => {
    const about = insight.kubernetesVersion;
    if (!about) return true;
    if (next) return about === next;
    return !current || compareKubernetesVersions(about, current) > 0;
  };
}

/** What the readiness table says when it has no rows. */
function readinessEmptyMessage(
  versions: InsightsVersions,
  version: string | undefined,
  outdated: boolean,
): string {
  if (versions.next === null && versions.current) {
    return `No next version: ${versions.current} is the newest Kubernetes version EKS offers.`;
  }
  if (outdated && versions.current) {
    return `EKS's readiness insights are still about ${
      versions.current
    }, the version the cluster runs now: refresh them to check ${
      version ?? 'the next version'
    }.`;
  }
  return 'EKS reports no upgrade readiness checks for this cluster yet.';
}

/**
 * EKS insights of every category: readiness for the next Kubernetes version
 * as its own table ("Upgrade readiness for 1.xx", or none when the cluster
 * runs the newest version), the others (configuration, e.g. of Hybrid
 * Nodes, and readiness to roll back to the previous version) in another,
 * shown only when there are some. `refresh` is shown above them (the
 * on-demand refresh, see InsightsRefresh).
 */
export function InsightsTable(props: {
  section: Section<ClusterInsight[]>;
  versions?: InsightsVersions;
  refresh?: ReactNode;
}) {
  const { section } = props;
  const versions = props.versions ?? {};
  const allReadiness = select(
    section,
    i => i.category === UPGRADE_READINESS_CATEGORY,
  );
  const readiness = select(allReadiness, aboutNextVersion(versions));
  const others = select(
    section,
    i => i.category !== UPGRADE_READINESS_CATEGORY,
  );
  const version =
    versions.next ??
    readiness.data?.find(i => i.kubernetesVersion)?.kubernetesVersion;
  const outdated =
    (allReadiness.data?.length ?? 0) > (readiness.data?.length ?? 0);
  return (
    <>
      {props.refresh}
      <SectionTable
        title={
          version ? `Upgrade readiness for ${version}` : 'Upgrade readiness'
        }
        section={readiness}
        columns={readinessColumns}
        emptyMessage={readinessEmptyMessage(versions, version, outdated)}
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
