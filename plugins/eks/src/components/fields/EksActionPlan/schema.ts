import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksActionPlan field. @public */
export const EksActionPlanFieldSchema = makeFieldSchema({
  output: z =>
    z
      .array(z.string())
      .describe(
        "The plan's lines, as the action's dry run gave them (shown on the review page; the template's steps need not read it)",
      ),
  uiOptions: z =>
    z.object({
      action: z
        .string()
        .describe(
          'The action whose dry run makes the plan, e.g. "aws:eks:cluster:upgrade"',
        ),
      input: z
        .record(z.string())
        .describe(
          'The form field each input of the action is read from, e.g. { "clusterName": "clusterName", "targetVersion": "targetVersion" }; empty fields are left out',
        ),
      requires: z
        .array(z.string())
        .optional()
        .describe(
          'Form fields that must have a value before the plan is made (default: every field of `input` the action needs, i.e. none)',
        ),
      output: z
        .string()
        .optional()
        .describe(
          'The output of the action that holds the plan\'s lines (default "plan")',
        ),
    }),
});

/** The ui:options of EksActionPlan: the action, its input's form fields, the plan's output. @public */
export type EksActionPlanUiOptions =
  typeof EksActionPlanFieldSchema.uiOptionsType;
/** The props of EksActionPlan. @public */
export type EksActionPlanProps = typeof EksActionPlanFieldSchema.TProps;
