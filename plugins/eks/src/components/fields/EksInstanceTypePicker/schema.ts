import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksInstanceTypePicker field. @public */
export const EksInstanceTypePickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'An EC2 instance type, e.g. "m7i.large"' }),
  uiOptions: z =>
    z.object({
      region: z
        .string()
        .optional()
        .describe('Region whose offered instance types are listed'),
      accountId: z.string().optional().describe('AWS account to ask EC2 in'),
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
export type EksInstanceTypePickerUiOptions =
  typeof EksInstanceTypePickerFieldSchema.uiOptionsType;
/** @public */
export type EksInstanceTypePickerProps =
  typeof EksInstanceTypePickerFieldSchema.TProps;
