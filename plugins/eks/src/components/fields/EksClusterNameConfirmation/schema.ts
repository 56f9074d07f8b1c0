import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksClusterNameConfirmation field. @public */
export const EksClusterNameConfirmationFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description: 'The cluster name as the person typed it to confirm',
    }),
  uiOptions: z =>
    z.object({
      clusterField: z
        .string()
        .optional()
        .describe(
          'The form field holding the chosen cluster, a name or an EKS cluster ARN (default "cluster")',
        ),
    }),
});

/** @public */
export type EksClusterNameConfirmationUiOptions =
  typeof EksClusterNameConfirmationFieldSchema.uiOptionsType;
/** @public */
export type EksClusterNameConfirmationProps =
  typeof EksClusterNameConfirmationFieldSchema.TProps;
