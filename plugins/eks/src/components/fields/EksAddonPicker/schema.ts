import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { kubernetesVersionUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksAddonPicker field. @public */
export const EksAddonPickerFieldSchema = makeFieldSchema({
  output: z => {
    const addon = z.object({
      name: z.string({ description: 'EKS add-on name, e.g. "vpc-cni"' }),
      version: z.string({
        description: '"latest", "default" or an exact add-on version',
      }),
      podIdentity: z
        .literal('recommended')
        .optional()
        .describe(
          'Create a Pod Identity role with the policies EKS recommends for the add-on',
        ),
      namespace: z
        .string()
        .optional()
        .describe(
          'The namespace to install the add-on in instead of its default (set only at install)',
        ),
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
      ...kubernetesVersionUiOptions(z, {
        region: 'Region to ask EKS in',
        accountId: 'AWS account to ask EKS in',
      }),
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
  /** Create a Pod Identity role with the policies EKS recommends. */
  podIdentity?: 'recommended';
  /** The namespace to install it in instead of its default. */
  namespace?: string;
}
