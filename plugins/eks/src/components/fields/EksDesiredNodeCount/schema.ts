import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksDesiredNodeCount field. @public */
export const EksDesiredNodeCountFieldSchema = makeFieldSchema({
  output: z =>
    z.number({ description: 'The node group’s desired number of nodes' }),
  uiOptions: z =>
    z.object({
      minSizeField: z
        .string()
        .describe(
          'The form field (dotted path) holding the minimum, e.g. "systemNodeGroup.minSize"',
        ),
      maxSizeField: z
        .string()
        .describe(
          'The form field (dotted path) holding the maximum, e.g. "systemNodeGroup.maxSize"',
        ),
      minSizeTitle: z
        .string()
        .optional()
        .describe('The minimum’s label in the form (default "Minimum nodes")'),
      maxSizeTitle: z
        .string()
        .optional()
        .describe('The maximum’s label in the form (default "Maximum nodes")'),
    }),
});

/** @public */
export type EksDesiredNodeCountUiOptions =
  typeof EksDesiredNodeCountFieldSchema.uiOptionsType;
/** @public */
export type EksDesiredNodeCountProps =
  typeof EksDesiredNodeCountFieldSchema.TProps;
