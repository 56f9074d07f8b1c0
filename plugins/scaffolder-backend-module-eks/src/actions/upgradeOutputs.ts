import { z as zod } from 'zod/v3';

/**
 * The outputs `aws:eks:cluster:upgrade` and `aws:eks:cluster:rollback`
 * share: the versions, the update, what changed, how long each step took,
 * what lags and the preflight's findings.
 */
export const upgradeReportOutput = {
  fromVersion: (z: typeof zod) =>
    z.string({
      description: 'The Kubernetes version the cluster ran when the run began',
    }),
  toVersion: (z: typeof zod) =>
    z.string({ description: 'The Kubernetes version it runs at the end' }),
  updateId: (z: typeof zod) =>
    z
      .string({
        description:
          "The id of the control plane's version update (DescribeUpdate); none in a dry run or when there was nothing to change",
      })
      .optional(),
  steps: (z: typeof zod) =>
    z.array(z.object({ title: z.string(), elapsedMs: z.number() }), {
      description: 'Each named step of the run and how long it took',
    }),
  addons: (z: typeof zod) =>
    z.array(z.object({ name: z.string(), from: z.string(), to: z.string() }), {
      description:
        'The add-ons whose version changed (in a dry run: would change)',
    }),
  nodegroups: (z: typeof zod) =>
    z.array(z.object({ name: z.string(), from: z.string(), to: z.string() }), {
      description:
        'The managed node groups whose version changed (in a dry run: would change)',
    }),
  lagging: (z: typeof zod) =>
    z.array(z.string(), {
      description:
        "What still runs another version than the control plane's when the run ends",
    }),
  findings: (z: typeof zod) =>
    z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        reason: z.string(),
        recommendation: z.string(),
      }),
      {
        description:
          "The preflight's findings: EKS's readiness insights and the preflight's own checks (ids starting with preflight:), each with its status, reason and fix",
      },
    ),
};
