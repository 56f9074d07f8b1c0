import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

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
      region: z.string().optional().describe('Only clusters in this region'),
      accountId: z
        .string()
        .optional()
        .describe('Only clusters in this AWS account'),
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
export type EksClusterPickerUiOptions =
  typeof EksClusterPickerFieldSchema.uiOptionsType;
/** @public */
export type EksClusterPickerProps = typeof EksClusterPickerFieldSchema.TProps;
