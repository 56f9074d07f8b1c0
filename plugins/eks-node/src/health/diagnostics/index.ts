import type { Diagnostic, Severity } from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations } from '../types';
import { addonHealth } from './addonHealth';
import { insightFindings } from './insights';
import { horizontalPodAutoscalersWithoutMetricsApi } from './horizontalPodAutoscalersWithoutMetricsApi';
import { karpenterControllerCrashLoop } from './karpenterControllerCrashLoop';
import { karpenterInterruptionQueue } from './karpenterInterruptionQueue';
import { karpenterWithoutPodIdentityAgent } from './karpenterWithoutPodIdentityAgent';
import { loadBalancerControllerImds } from './loadBalancerControllerImds';
import { loadBalancersLeftOnDelete } from './loadBalancersLeftOnDelete';
import { mskSessionName } from './mskSessionName';
import { podIdentityOnFargate } from './podIdentityOnFargate';
import { podIdentityOnWindows } from './podIdentityOnWindows';
import type { DiagnosticCheck } from './types';
import { workloadsWithoutZoneSpread } from './workloadsWithoutZoneSpread';

export type { DiagnosticCheck } from './types';
export {
  ADDON_ISSUE_REMEDIES,
  remedyForAddonIssue,
} from './addonIssueRemedies';

/** Every check, in the order its findings are listed. @public */
export const diagnosticChecks: readonly DiagnosticCheck[] = [
  addonHealth,
  karpenterControllerCrashLoop,
  karpenterWithoutPodIdentityAgent,
  loadBalancerControllerImds,
  karpenterInterruptionQueue,
  podIdentityOnFargate,
  podIdentityOnWindows,
  mskSessionName,
  workloadsWithoutZoneSpread,
  horizontalPodAutoscalersWithoutMetricsApi,
  loadBalancersLeftOnDelete,
  insightFindings,
];

const SEVERITY_ORDER: Record<Severity, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/**
 * Runs every check over the observations; findings come most severe first.
 * A check that throws is skipped rather than failing the document.
 *
 * @public
 */
export function runDiagnostics(
  observations: ClusterObservations,
  checks: readonly DiagnosticCheck[] = diagnosticChecks,
): Diagnostic[] {
  return checks
    .flatMap(check => {
      try {
        return check(observations);
      } catch {
        return [];
      }
    })
    .map((d, index) => ({ d, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] ||
        a.index - b.index,
    )
    .map(({ d }) => d);
}
