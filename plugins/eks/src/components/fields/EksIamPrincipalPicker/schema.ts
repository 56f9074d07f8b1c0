import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksIamPrincipalPicker field. @public */
export const EksIamPrincipalPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description:
        'An IAM role or user ARN, e.g. "arn:aws:iam::123456789012:role/platform-admins"',
    }),
  uiOptions: z =>
    z.object({
      accountId: z
        .string()
        .optional()
        .describe('The AWS account to list roles and users of'),
      accountIdField: z
        .string()
        .optional()
        .describe(
          'The form field holding the account id (default "accountId"; empty: the portal\'s default account)',
        ),
      region: z.string().optional().describe('Region to ask IAM in'),
      regionField: z
        .string()
        .optional()
        .describe('The form field holding the region (default "region")'),
    }),
});

/** @public */
export type EksIamPrincipalPickerUiOptions =
  typeof EksIamPrincipalPickerFieldSchema.uiOptionsType;
/** @public */
export type EksIamPrincipalPickerProps =
  typeof EksIamPrincipalPickerFieldSchema.TProps;
