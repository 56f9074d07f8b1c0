import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksSubnetPicker field. @public */
export const EksSubnetPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.array(z.string(), {
      description:
        'Subnet ids of one VPC in at least two Availability Zones, e.g. ["subnet-0123456789abcdef0", …]',
    }),
  uiOptions: z =>
    z.object({
      vpcId: z.string().optional().describe('A fixed VPC to list subnets of'),
      vpcIdField: z
        .string()
        .optional()
        .describe('The form field holding the VPC id (default "vpcId")'),
      ...targetUiOptions(z, {
        region: 'Region of the VPC',
        accountId: 'AWS account of the VPC',
      }),
    }),
});

/** @public */
export type EksSubnetPickerUiOptions =
  typeof EksSubnetPickerFieldSchema.uiOptionsType;
/** @public */
export type EksSubnetPickerProps = typeof EksSubnetPickerFieldSchema.TProps;
