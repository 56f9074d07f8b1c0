import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksClusterPicker field. @public */
export const EksClusterPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'The chosen cluster: its name or its ARN' }),
  uiOptions: z =>
    z.object({
      source: z
        .enum(['catalog', 'aws'])
        .optional()
        .describe(
          'Where clusters come from: catalog Resources of type kubernetes-cluster with an EKS ARN annotation (default), or the clusters EKS lists in an account and region',
        ),
      output: z
        .enum(['name', 'arn'])
        .optional()
        .describe('Emit the cluster name (default) or its ARN'),
      ...targetUiOptions(z, {
        region: 'Only clusters in this region',
        accountId: 'Only clusters in this AWS account',
      }),
    }),
});

/** @public */
export type EksClusterPickerUiOptions =
  typeof EksClusterPickerFieldSchema.uiOptionsType;
/** @public */
export type EksClusterPickerProps = typeof EksClusterPickerFieldSchema.TProps;
