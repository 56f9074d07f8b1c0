import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksAddonPicker field. @public */
export const EksAddonPickerFieldSchema = makeFieldSchema({
  output: z => {
    const addon = z.object({
      name: z.string({ description: 'EKS add-on name, e.g. "vpc-cni"' }),
      version: z.string({
        description: '"latest", "default" or an exact add-on version',
      }),
    });
    return z.union([addon, z.array(addon)]);
  },
  uiOptions: z =>
    z.object({
      multiple: z
        .boolean()
        .optional()
        .describe('Pick several add-ons and emit a list (default: one)'),
      defaultVersion: z
        .enum(['latest', 'default'])
        .optional()
        .describe(
          'The version choice preselected for a new add-on (default "latest")',
        ),
      kubernetesVersion: z
        .string()
        .optional()
        .describe('The Kubernetes version add-ons must support'),
      kubernetesVersionField: z
        .string()
        .optional()
        .describe(
          'The form field holding the Kubernetes version (default "kubernetesVersion")',
        ),
      clusterField: z
        .string()
        .optional()
        .describe(
          'The form field holding the cluster name or ARN whose version applies (default "cluster")',
        ),
      region: z.string().optional().describe('Region to ask EKS in'),
      accountId: z.string().optional().describe('AWS account to ask EKS in'),
      regionField: z
        .string()
        .optional()
        .describe('The form field holding the region (default "region")'),
      accountIdField: z
        .string()
        .optional()
        .describe(
          'The form field holding the account id (default "accountId")',
        ),
    }),
});

/** @public */
export type EksAddonPickerUiOptions =
  typeof EksAddonPickerFieldSchema.uiOptionsType;
/** @public */
export type EksAddonPickerProps = typeof EksAddonPickerFieldSchema.TProps;
/** One chosen add-on. @public */
export interface EksAddonSelection {
  name: string;
  version: string;
}
