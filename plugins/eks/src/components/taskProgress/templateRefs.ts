/**
 * The templates whose task page shows the EKS task progress by default: the
 * EKS templates of this repository that create, change, upgrade, roll back
 * and delete clusters.
 *
 * @public
 */
export const EKS_TEMPLATE_REFS: readonly string[] = [
  'template:default/new-eks-cluster',
  'template:default/install-eks-addons',
  'template:default/setup-karpenter',
  'template:default/eks-pod-identity',
  'template:default/upgrade-eks-cluster',
  'template:default/rollback-eks-cluster',
  'template:default/delete-eks-cluster',
];

const TEMPLATE_REF = /^template:[^/:\s]+\/[^/:\s]+$/;

function problem(value: unknown): string | undefined {
  if (!Array.isArray(value)) {
    return `templateRefs must be a list of template refs, e.g. [${
      EKS_TEMPLATE_REFS[0]
    }], got ${value === null ? 'null' : typeof value}`;
  }
  const bad = value.findIndex(
    ref => typeof ref !== 'string' || !TEMPLATE_REF.test(ref),
  );
  return bad >= 0
    ? `templateRefs[${bad}] must be a full template ref "template:<namespace>/<name>", e.g. ${
        EKS_TEMPLATE_REFS[0]
      }, got ${JSON.stringify(value[bad])}`
    : undefined;
}

/**
 * The `templateRefs` config of the task outputs extension as a Standard
 * Schema (what the new frontend system's `configSchema` takes): an optional
 * list of full template refs; without it, {@link EKS_TEMPLATE_REFS}.
 */
export const templateRefsConfigSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'backstage-eks',
    validate(value: unknown) {
      if (value === undefined) return { value: undefined };
      const message = problem(value);
      return message
        ? { issues: [{ message }] }
        : { value: value as string[] | undefined };
    },
    jsonSchema: {
      input: () => ({
        type: 'array',
        items: { type: 'string', pattern: TEMPLATE_REF.source },
      }),
      output: () => ({
        type: 'array',
        items: { type: 'string', pattern: TEMPLATE_REF.source },
      }),
    },
    types: undefined as unknown as {
      input: string[] | undefined;
      output: string[] | undefined;
    },
  },
};
