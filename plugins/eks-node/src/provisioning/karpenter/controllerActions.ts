import {
  compareKarpenterVersions,
  KARPENTER_REQUIREMENT_CHANGES,
  karpenterReleaseLine,
  parseKarpenterVersion,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import { allowedPolicyActions } from '../policies';
import { karpenterControllerPolicy } from './controllerPolicy';

/**
 * The actions the controller policy of a chart version allows, each once:
 * what a role must grant for Karpenter of that version (with or without
 * zonal shift). The actions do not depend on the policy's scope, so any
 * cluster's policy names the same ones. A version outside the table throws.
 */
export function karpenterControllerActions(
  chartVersion: string,
  opts: { enableZonalShift?: boolean } = {},
): string[] {
  const policy = karpenterControllerPolicy({
    clusterName: 'cluster',
    region: 'us-east-1',
    accountId: '000000000000',
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:cluster',
    nodeRoleArn: 'arn:aws:iam::000000000000:role/cluster-node',
    chartVersion,
    enableZonalShift: opts.enableZonalShift,
  });
  return [...new Set(allowedPolicyActions(policy))];
}

/** The oldest version whose needs follow from the table (see below). */
const OLDEST_JUDGED = '1.7.0';

/**
 * The actions a running Karpenter of a v1 version (1.7 on) needs its role to
 * allow, which may be outside the release table (installed by terraform,
 * eksctl or helm by hand): a version of the table needs its own policy's
 * actions; an older 1.x the oldest table version's, less those of the
 * requirements (KARPENTER_REQUIREMENT_CHANGES) that came after it; a newer
 * one at least the newest table version's. Undefined before 1.7: the
 * generated policy's base already has what 1.7 added
 * (iam:ListInstanceProfiles, for its instance profile paths; Karpenter's
 * upgrade guide), which KARPENTER_REQUIREMENT_CHANGES does not list, so an
 * older version's needs cannot be told from it.
 */
export function karpenterInstalledVersionActions(
  version: string,
  opts: { enableZonalShift?: boolean } = {},
): string[] | undefined {
  if (!parseKarpenterVersion(version)) return undefined;
  if (compareKarpenterVersions(version, OLDEST_JUDGED) < 0) return undefined;
  if (karpenterReleaseLine(version)) {
    return karpenterControllerActions(version, opts);
  }
  const oldest = SUPPORTED_KARPENTER_VERSIONS[0];
  const newest =
    SUPPORTED_KARPENTER_VERSIONS[SUPPORTED_KARPENTER_VERSIONS.length - 1];
  if (compareKarpenterVersions(version, newest) > 0) {
    return karpenterControllerActions(newest, opts);
  }
  const later = new Set(
    KARPENTER_REQUIREMENT_CHANGES.filter(
      c => compareKarpenterVersions(c.since, version) > 0,
    ).flatMap(c => c.actions),
  );
  return karpenterControllerActions(oldest, opts).filter(a => !later.has(a));
}
