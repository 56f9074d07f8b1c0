import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksVpcPicker field. @public */
export const EksVpcPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'A VPC id, e.g. "vpc-0123456789abcdef0"' }),
  uiOptions: z =>
    z.object({
      region: z.string().optional().describe('Region to list VPCs in'),
      accountId: z.string().optional().describe('AWS account to list VPCs of'),
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
export type EksVpcPickerUiOptions =
  typeof EksVpcPickerFieldSchema.uiOptionsType;
/** @public */
export type EksVpcPickerProps = typeof EksVpcPickerFieldSchema.TProps;
