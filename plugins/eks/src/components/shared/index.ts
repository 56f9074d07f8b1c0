export { EksStatus, ReadyStatus, statusKind } from './EksStatus';
export type { StatusKind } from './EksStatus';
export { RelativeTime } from './RelativeTime';
export { SectionCard } from './SectionCard';
export { SectionError } from './SectionError';
export { PropertyList } from './PropertyList';
export { SectionTable } from './SectionTable';
export { RefreshButton } from './RefreshButton';
export { EksAnnotationGate } from './EksAnnotationGate';
