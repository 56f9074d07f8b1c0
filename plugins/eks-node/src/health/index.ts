// Exports of the health part of eks-node.
export * from './types';
export * from './ClusterHealthService';
export * from './EksInventoryService';
export {
  clusterVerdict,
  type ClusterHealthFindings,
  type VerdictContext,
} from './verdict';
export {
  diagnosticChecks,
  runDiagnostics,
  ADDON_RECOMMENDED_POLICIES,
  ADDON_ISSUE_CAUSES,
  KNOWN_ADDON_ISSUE_CODES,
  addonIssueCause,
  remedyForAddonIssue,
  remedyForAddonIssueCause,
  type AddonHealthIssue,
  type AddonIssueCause,
  type DiagnosticCheck,
} from './diagnostics';
export { sanitizeErrorMessage, SourceTimeoutError } from './sources/section';
