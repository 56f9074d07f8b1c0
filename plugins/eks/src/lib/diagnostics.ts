import { Diagnostic, rankDiagnostics } from '@backstage-eks/plugin-eks-common';

/**
 * Diagnostics ranked by their impact on the cluster now, most severe first;
 * equal severities keep the backend's order (the ranking of eks-common).
 */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return rankDiagnostics(diagnostics);
}
