import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksInstanceTypePicker field. @public */
export const EksInstanceTypePickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'An EC2 instance type, e.g. "m7i.large"' }),
  uiOptions: z =>
    z.object({
      ...targetUiOptions(z, {
        region: 'Region whose offered instance types are listed',
        accountId: 'AWS account to ask EC2 in',
      }),
    }),
});

/** @public */
export type EksInstanceTypePickerUiOptions =
  typeof EksInstanceTypePickerFieldSchema.uiOptionsType;
/** @public */
export type EksInstanceTypePickerProps =
  typeof EksInstanceTypePickerFieldSchema.TProps;
