import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksAccountId field. @public */
export const EksAccountIdFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description: 'A 12-digit AWS account id the portal has credentials for',
    }),
  uiOptions: z =>
    z.object({
      regionField: z
        .string()
        .optional()
        .describe(
          'The form field holding the region to ask in (default "region")',
        ),
    }),
});

/** @public */
export type EksAccountIdUiOptions =
  typeof EksAccountIdFieldSchema.uiOptionsType;
/** @public */
export type EksAccountIdProps = typeof EksAccountIdFieldSchema.TProps;
