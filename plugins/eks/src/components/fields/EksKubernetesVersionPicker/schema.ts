import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksKubernetesVersionPicker field. @public */
export const EksKubernetesVersionPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'A Kubernetes minor version, e.g. "1.33"' }),
  uiOptions: z =>
    z.object({
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
export type EksKubernetesVersionPickerUiOptions =
  typeof EksKubernetesVersionPickerFieldSchema.uiOptionsType;
/** @public */
export type EksKubernetesVersionPickerProps =
  typeof EksKubernetesVersionPickerFieldSchema.TProps;
