import { InputError } from '@backstage/errors';
import type {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { validate } from 'jsonschema';

/**
 * Runs an action on a context as the scaffolder's workflow runner does: the
 * input is first checked against the action's input JSON Schema with the
 * same library and the same InputError, then the handler runs.
 */
export async function runAsScaffolder(
  action: TemplateAction<any, any, any>,
  ctx: ActionContext<any, any, any>,
): Promise<void> {
  if (action.schema?.input) {
    const result = validate(ctx.input, action.schema.input);
    if (!result.valid) {
      throw new InputError(
        `Invalid input passed to action ${action.id}, ${result.errors.join(
          ', ',
        )}`,
      );
    }
  }
  await action.handler(ctx as any);
}
