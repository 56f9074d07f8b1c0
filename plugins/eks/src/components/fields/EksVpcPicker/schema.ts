import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksVpcPicker field. @public */
export const EksVpcPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'A VPC id, e.g. "vpc-0123456789abcdef0"' }),
  uiOptions: z =>
    z.object({
      ...targetUiOptions(z, {
        region: 'Region to list VPCs in',
        accountId: 'AWS account to list VPCs of',
      }),
    }),
});

/** @public */
export type EksVpcPickerUiOptions =
  typeof EksVpcPickerFieldSchema.uiOptionsType;
/** @public */
export type EksVpcPickerProps = typeof EksVpcPickerFieldSchema.TProps;
