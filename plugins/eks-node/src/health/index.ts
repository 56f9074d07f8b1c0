// Exports of the health part of eks-node.
export * from './types';
export * from './ClusterHealthService';
export * from './EksInventoryService';
export {
  diagnosticChecks,
  runDiagnostics,
  ADDON_ISSUE_REMEDIES,
  remedyForAddonIssue,
  type DiagnosticCheck,
} from './diagnostics';
export { sanitizeErrorMessage, SourceTimeoutError } from './sources/section';
