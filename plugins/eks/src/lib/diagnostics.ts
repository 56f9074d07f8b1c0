import { Diagnostic, Severity } from '@backstage-eks/plugin-eks-common';

const SEVERITY_ORDER: Record<Severity, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** Diagnostics, most severe first; equal severities keep the backend's order. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.diagnostic.severity] ?? 3) -
          (SEVERITY_ORDER[b.diagnostic.severity] ?? 3) || a.index - b.index,
    )
    .map(({ diagnostic }) => diagnostic);
}
