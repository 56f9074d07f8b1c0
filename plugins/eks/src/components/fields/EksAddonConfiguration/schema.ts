import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { kubernetesVersionUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksAddonConfiguration field. @public */
export const EksAddonConfigurationFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description:
        'The add-on configuration as a JSON string (EKS configurationValues)',
    }),
  uiOptions: z =>
    z.object({
      addonName: z
        .string()
        .optional()
        .describe('The add-on to configure; else read from addonField'),
      addonField: z
        .string()
        .optional()
        .describe(
          'The form field holding the add-on: a name, an EksAddonPicker value {name, version}, or a list of them together with addonName (default "addon")',
        ),
      version: z
        .string()
        .optional()
        .describe('The add-on version: "latest" (default), "default" or exact'),
      mode: z
        .enum(['form', 'raw'])
        .optional()
        .describe('Start with the form (default) or the YAML/JSON editor'),
      ...kubernetesVersionUiOptions(z, {
        region: 'Region to ask EKS in',
        accountId: 'AWS account to ask EKS in',
      }),
    }),
});

/** @public */
export type EksAddonConfigurationUiOptions =
  typeof EksAddonConfigurationFieldSchema.uiOptionsType;
/** @public */
export type EksAddonConfigurationProps =
  typeof EksAddonConfigurationFieldSchema.TProps;
