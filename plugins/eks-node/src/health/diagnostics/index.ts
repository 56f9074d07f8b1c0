import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import { rankDiagnostics } from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations } from '../types';
import { addonHealth } from './addonHealth';
import { capabilityHealth } from './capabilityHealth';
import { insightFindings } from './insights';
import { horizontalPodAutoscalersWithoutMetricsApi } from './horizontalPodAutoscalersWithoutMetricsApi';
import { karpenterControllerCrashLoop } from './karpenterControllerCrashLoop';
import { karpenterInterruptionQueue } from './karpenterInterruptionQueue';
import { karpenterVersion } from './karpenterVersion';
import { karpenterControllerPolicy } from './karpenterControllerPolicy';
import { karpenterWithoutPodIdentityAgent } from './karpenterWithoutPodIdentityAgent';
import { loadBalancerControllerImds } from './loadBalancerControllerImds';
import { loadBalancersLeftOnDelete } from './loadBalancersLeftOnDelete';
import { mskSessionName } from './mskSessionName';
import { nodeGroupHealth } from './nodeGroupHealth';
import { podIdentityOnFargate } from './podIdentityOnFargate';
import { podIdentityOnWindows } from './podIdentityOnWindows';
import type { DiagnosticCheck } from './types';
import { workloadsWithoutZoneSpread } from './workloadsWithoutZoneSpread';

export type { DiagnosticCheck } from './types';
export {
  ADDON_RECOMMENDED_POLICIES,
  ADDON_ISSUE_CAUSES,
  KNOWN_ADDON_ISSUE_CODES,
  addonIssueCause,
  remedyForAddonIssue,
  remedyForAddonIssueCause,
  type AddonHealthIssue,
  type AddonIssueCause,
} from './addonIssueRemedies';

/** Every check, in the order its findings are listed. @public */
export const diagnosticChecks: readonly DiagnosticCheck[] = [
  addonHealth,
  nodeGroupHealth,
  capabilityHealth,
  karpenterControllerCrashLoop,
  karpenterWithoutPodIdentityAgent,
  loadBalancerControllerImds,
  karpenterInterruptionQueue,
  karpenterVersion,
  karpenterControllerPolicy,
  podIdentityOnFargate,
  podIdentityOnWindows,
  mskSessionName,
  workloadsWithoutZoneSpread,
  horizontalPodAutoscalersWithoutMetricsApi,
  loadBalancersLeftOnDelete,
  insightFindings,
];

/**
 * Runs every check over the observations; findings come ranked by their
 * impact on the cluster now (most severe first).
 * A check that throws is skipped rather than failing the document.
 *
 * @public
 */
export function runDiagnostics(
  observations: ClusterObservations,
  checks: readonly DiagnosticCheck[] = diagnosticChecks,
): Diagnostic[] {
  return rankDiagnostics(
    checks.flatMap(check => {
      try {
        return check(observations);
      } catch {
        return [];
      }
    }),
  );
}
