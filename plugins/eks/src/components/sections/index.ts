export { AddonsTable } from './AddonsTable';
export { ClusterOverview } from './ClusterOverview';
export { DiagnosticsPanel } from './DiagnosticsPanel';
export { InsightsTable } from './InsightsTable';
export { KarpenterCard } from './KarpenterCard';
export { NodeGroupsTable } from './NodeGroupsTable';
export { NodesSummaryCard } from './NodesSummaryCard';
export { PodIdentityTable } from './PodIdentityTable';
