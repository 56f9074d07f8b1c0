import {
  ActionContext,
  createTemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { ProvisioningRun } from '@backstage-eks/plugin-eks-node';
import { z as zod } from 'zod/v3';
import { ActionInputSchema } from './inputSchema';
import {
  EksActionDependencies,
  EksActionOptions,
  EksActionPermissionRequest,
  resolveDependencies,
  runEksAction,
} from './shared';

/** The values of a schema's fields. */
type FieldValues<S extends ActionInputSchema> = {
  [K in keyof S]: zod.infer<ReturnType<S[K]>>;
};

/** What {@link createEksAction} makes an action of. */
export interface EksActionSpec<
  I extends ActionInputSchema,
  O extends ActionInputSchema,
> {
  id: string;
  description: string;
  examples: TemplateExample[];
  /** The input fields, each with its rule (see ./inputSchema). */
  input: I;
  output: O;
  /** The permission the task's initiator needs for this input. */
  permission: (input: FieldValues<I>) => EksActionPermissionRequest;
  /** The action's work: eks-node's flow on the run, and the outputs. */
  work: (
    run: ProvisioningRun,
    input: FieldValues<I>,
    context: {
      ctx: ActionContext<FieldValues<I>, FieldValues<O>>;
      deps: EksActionDependencies;
    },
  ) => Promise<Partial<FieldValues<O>>>;
}

/**
 * An EKS action: its schemas, and a handler that runs `work` as every EKS
 * action does ({@link runEksAction}: permission, input rules, the run, the
 * outputs, the plan). Every EKS action supports dry runs.
 */
export function createEksAction<
  I extends ActionInputSchema,
  O extends ActionInputSchema,
>(options: EksActionOptions, spec: EksActionSpec<I, O>) {
  const deps = resolveDependencies(options);
  return createTemplateAction({
    id: spec.id,
    description: spec.description,
    examples: spec.examples,
    supportsDryRun: true,
    schema: { input: spec.input, output: spec.output },
    async handler(ctx) {
      const input = ctx.input as FieldValues<I>;
      const context = {
        ctx: ctx as unknown as ActionContext<FieldValues<I>, FieldValues<O>>,
        deps,
      };
      await runEksAction(
        ctx,
        deps,
        {
          actionId: spec.id,
          permission: spec.permission(input),
          input: spec.input,
        },
        run => spec.work(run, input, context),
      );
    },
  });
}
