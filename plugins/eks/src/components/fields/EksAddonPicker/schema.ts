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
}
