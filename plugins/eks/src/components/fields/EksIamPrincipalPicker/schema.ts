import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksIamPrincipalPicker field. @public */
export const EksIamPrincipalPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description:
        'An IAM role or user ARN, e.g. "arn:aws:iam::123456789012:role/platform-admins"',
    }),
  uiOptions: z =>
    z.object(
      targetUiOptions(z, {
        region: 'Region to ask IAM in',
        accountId: 'The AWS account to list roles and users of',
        accountIdField:
          'The form field holding the account id (default "accountId"; empty: the portal\'s default account)',
      }),
    ),
});

/** @public */
export type EksIamPrincipalPickerUiOptions =
  typeof EksIamPrincipalPickerFieldSchema.uiOptionsType;
/** @public */
export type EksIamPrincipalPickerProps =
  typeof EksIamPrincipalPickerFieldSchema.TProps;
