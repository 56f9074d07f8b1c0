import {
  eksClusterCreatePermission,
  validateAddonName,
  validateAddonVersion,
  validateClusterName,
  validateIamRoleArn,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import {
  AddonsNotHealthyError,
  installAddons,
} from '@backstage-eks/plugin-eks-node';
import { z as zod } from 'zod/v3';
import { examples } from './addonInstall.examples';
import { ruleString, wholeNumber } from './inputSchema';
import {
  adoptInput,
  EksActionOptions,
  finishRun,
  planOutput,
  targetInput,
} from './shared';
import { createEksAction } from './createEksAction';

/** Id of the add-on install action. @public */
export const ADDON_INSTALL_ACTION_ID = 'aws:eks:addon:install';

/** The input of `aws:eks:addon:install`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  ...adoptInput,
  addons: (z: typeof zod) =>
    z.array(
      z.object({
        name: ruleString(
          z,
          validateAddonName,
          'Add-on name, e.g. vpc-cni, coredns, aws-ebs-csi-driver',
        ),
        version: ruleString(
          z,
          validateAddonVersion,
          'Version for the cluster\'s Kubernetes version. Default "default"',
        ).optional(),
        configurationValues: z
          .string({
            description:
              "Configuration values as JSON or YAML, checked against DescribeAddonConfiguration's schema",
          })
          .optional(),
        podIdentity: z
          .union(
            [
              z.literal('recommended'),
              z.object({
                roleArn: ruleString(
                  z,
                  validateIamRoleArn,
                  'Existing IAM role, in the target account',
                ),
                serviceAccount: ruleString(
                  z,
                  validateServiceAccountName,
                  "Service account (default: the add-on's own)",
                ).optional(),
              }),
            ],
            {
              description:
                '"recommended" creates a role with the policies EKS recommends; or { roleArn } to use an existing role',
            },
          )
          .optional(),
        namespace: ruleString(
          z,
          validateNamespace,
          "Namespace to install the add-on in instead of its default (CreateAddon's namespaceConfig). EKS sets it only when the add-on is created: an installed add-on in another namespace is refused before any write",
        ).optional(),
        resolveConflicts: z
          .enum(['NONE', 'OVERWRITE', 'PRESERVE'], {
            description:
              'How conflicts with fields changed in the cluster are resolved (default OVERWRITE)',
          })
          .optional(),
      }),
      {
        description:
          'The add-ons to install or update, at least one, each name once',
      },
    ),
  concurrency: (z: typeof zod) =>
    wholeNumber(
      z,
      1,
      20,
      'How many add-ons are installed at once (default 4)',
    ).optional(),
  omitAutoModeBuiltIns: (z: typeof zod) =>
    z
      .boolean({
        description:
          'On a cluster that runs EKS Auto Mode, leave out vpc-cni, coredns, kube-proxy and eks-pod-identity-agent (Auto Mode does their work itself) and log it. Default false: every add-on is installed as asked',
      })
      .optional(),
};

/** The output of `aws:eks:addon:install`. */
const outputFields = {
  addons: (z: typeof zod) =>
    z.array(
      z.object({
        name: z.string(),
        version: z.string(),
        status: z.string(),
        action: z.string(),
        podIdentityRoleArn: z.string().optional(),
        issues: z.array(
          z.object({
            code: z.string(),
            message: z.string(),
            resourceIds: z.array(z.string()),
            fix: z
              .string({ description: 'What to do about the issue' })
              .optional(),
            fixPath: z
              .string({
                description:
                  'A portal path that does the fix, e.g. the Pod Identity template prefilled with the recommended policies',
              })
              .optional(),
          }),
        ),
      }),
      {
        description:
          'Per add-on: version, status, health issues with their fixes, Pod Identity role. An add-on that ends DEGRADED or failed fails the step (after this output is set)',
      },
    ),
  ...planOutput,
};

/**
 * `aws:eks:addon:install`: installs or updates EKS add-ons, in parallel.
 *
 * @public
 */
export function createEksAddonInstallAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: ADDON_INSTALL_ACTION_ID,
    description:
      "Installs or updates EKS add-ons on a cluster: versions latest/default/exact for the cluster's Kubernetes version, configuration values validated against the add-on's schema, optional Pod Identity with the recommended role, waits for ACTIVE. An add-on that ends DEGRADED or failed fails the step with its issues and their fixes.",
    examples,
    input: inputFields,
    output: outputFields,
    permission: () => ({ permission: eksClusterCreatePermission }),
    async work(run, input, { ctx }) {
      try {
        const results = await installAddons(run, {
          clusterName: input.clusterName,
          addons: input.addons,
          concurrency: input.concurrency,
          omitAutoModeBuiltIns: input.omitAutoModeBuiltIns,
        });
        return { addons: results };
      } catch (error) {
        // add-ons that ended DEGRADED or failed fail the step; the
        // output still lists every add-on with its status and issues
        if (error instanceof AddonsNotHealthyError) {
          ctx.output('addons', error.results);
          finishRun(ctx, run);
        }
        throw error;
      }
    },
  });
}
