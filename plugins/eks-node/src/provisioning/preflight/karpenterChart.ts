import { InputError } from '@backstage/errors';

/**
 * The Karpenter chart versions the controller policy of this package
 * (karpenter/controllerPolicy.ts, terraform-aws-eks v21's v1 policy) and its
 * v1 resources (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1
 * EC2NodeClass) are written for: v1.0 up to, not including, the first minor
 * whose controller needs permissions the policy lacks (the design notes
 * list new permissions in 1.11 and 1.12).
 *
 * @public
 */
export const SUPPORTED_KARPENTER_CHARTS = {
  /** The first supported version. */
  from: '1.0.0',
  /** The first version no longer supported. */
  before: '1.11.0',
};

const CHART_VERSION = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

function parts(version: string): number[] {
  return version.split(/[.-]/).slice(0, 3).map(Number);
}

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * Checks a Karpenter `chartVersion`: a chart version (no `v` prefix, as
 * the OCI chart tags are), v1 or later, and one the controller policy
 * matches. An InputError says why otherwise.
 *
 * @public
 */
export function checkKarpenterChartVersion(
  field: string,
  version: string | undefined,
): void {
  if (version === undefined) return;
  if (!CHART_VERSION.test(version)) {
    throw new InputError(
      `${field} must be a Karpenter chart version such as "1.8.1" (got "${version}")`,
    );
  }
  const { from, before } = SUPPORTED_KARPENTER_CHARTS;
  if (compare(version, from) < 0) {
    throw new InputError(
      `${field} must be a Karpenter v1 chart (${from} or later, before ${before}); ${version} is pre-v1: it serves the v1beta1 NodePool and EC2NodeClass APIs, not the karpenter.sh/v1 resources and the v1 controller policy this action creates, and Karpenter no longer supports it (v1.0 dropped support for v0.36 and below; upgrading an existing pre-v1 install goes through v1.0 first, see Karpenter's v1 migration guide)`,
    );
  }
  if (compare(version, before) >= 0) {
    throw new InputError(
      `${field} must be a Karpenter chart this action's controller policy matches (${from} or later, before ${before}): ${version} needs IAM permissions the policy does not grant, and the controller would fail its calls`,
    );
  }
}
