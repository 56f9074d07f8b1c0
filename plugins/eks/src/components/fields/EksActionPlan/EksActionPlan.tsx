import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { allFormData, resolveTarget, siblingValue } from '../formContext';
import { describeLoadError } from '../loadErrors';
import { EksActionPlanProps, EksActionPlanUiOptions } from './schema';

/** The template entity the scaffolder's dry run takes. */
type DryRunTemplate = Parameters<
  (typeof scaffolderApiRef.T)['dryRun']
>[0]['template'];

/** A step's input: JSON, as the form's values are. */
type StepInput = NonNullable<DryRunTemplate['spec']['steps'][number]['input']>;

/** The step id of the one-step template a plan is the dry run of. */
const PLAN_STEP = 'plan';

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '');

/**
 * The action's input from the form: each input read from the form field
 * `input` names, empty ones left out (the action's defaults apply).
 */
export function planInput(
  fields: Record<string, string>,
  formData: Record<string, unknown>,
): StepInput {
  return Object.fromEntries(
    Object.entries(fields)
      .map(([input, field]) => [input, siblingValue(formData, field)] as const)
      .filter(([, value]) => !isEmpty(value)),
  ) as StepInput;
}

/**
 * The template whose dry run is the plan: one step, the action with the
 * form's input, and the action's plan lines as the template's output.
 */
export function planTemplate(
  action: string,
  input: StepInput,
  output: string,
): DryRunTemplate {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'eks-action-plan' },
    spec: {
      type: 'eks-action-plan',
      parameters: [],
      steps: [{ id: PLAN_STEP, name: 'Plan', action, input }],
      output: { plan: `\${{ steps['${PLAN_STEP}'].output['${output}'] }}` },
    },
  };
}

/** The plan's lines in a dry run's output. */
function linesOf(output: unknown): string[] {
  const plan = (output as { plan?: unknown } | undefined)?.plan;
  return Array.isArray(plan) ? plan.map(String) : [];
}

/** What the field shows: waiting for input, making the plan, the plan, or why there is none. */
type PlanState =
  | { kind: 'waiting' }
  | { kind: 'loading' }
  | { kind: 'plan'; lines: string[] }
  | { kind: 'stopped'; message: string };

/**
 * The plan for the form's current values: the action's dry run, made once
 * the values settle and the required fields are filled in.
 */
function useActionPlan(
  options: Partial<EksActionPlanUiOptions>,
  formContext: unknown,
): PlanState {
  const scaffolderApi = useApi(scaffolderApiRef);
  const form = allFormData(formContext);
  const input = planInput(options.input ?? {}, form);
  const missing = (options.requires ?? []).filter(field =>
    isEmpty(siblingValue(form, field)),
  );
  const request = JSON.stringify({ input, missing });
  // the form's values settle (pickers preselect) before the plan is made
  const [settled, setSettled] = useState(request);
  useDebounce(() => setSettled(request), 400, [request]);

  const result = useAsync(async (): Promise<PlanState> => {
    const { input: planned, missing: waiting } = JSON.parse(settled);
    if (!options.action || waiting.length > 0) return { kind: 'waiting' };
    try {
      const response = await scaffolderApi.dryRun({
        template: planTemplate(
          options.action,
          planned,
          options.output ?? 'plan',
        ),
        values: {},
        directoryContents: [],
      });
      return { kind: 'plan', lines: linesOf(response.output) };
    } catch (error) {
      const target = resolveTarget({}, form);
      return {
        kind: 'stopped',
        message: describeLoadError(error, target).message,
      };
    }
  }, [settled, options.action, options.output, scaffolderApi]);

  if (!options.action || missing.length > 0) return { kind: 'waiting' };
  if (result.loading || settled !== request) return { kind: 'loading' };
  return result.value ?? { kind: 'waiting' };
}

/**
 * The field's value for a plan state, which the review page lists: the
 * plan's lines, why the dry run stopped, or that it was still running (the
 * field is not shown on the review page, so the plan cannot arrive there).
 */
function planValue(
  state: PlanState,
  action: string | undefined,
): string[] | undefined {
  switch (state.kind) {
    case 'plan':
      return state.lines;
    case 'stopped':
      return [`The dry run stopped: ${state.message}`];
    case 'loading':
      return [
        `Not made yet: the dry run of ${action} was still running. Go back to see the plan before you start.`,
      ];
    default:
      return undefined;
  }
}

/** What the field shows for a plan state. */
function PlanView(props: { state: PlanState; action?: string }) {
  const { state, action } = props;
  switch (state.kind) {
    case 'waiting':
      return (
        <Typography variant="body2">
          The plan is made once the fields above are filled in.
        </Typography>
      );
    case 'loading':
      return (
        <>
          <Typography variant="body2">
            Making the plan: a dry run of {action}, which changes nothing…
          </Typography>
          <LinearProgress aria-label="Making the plan" />
        </>
      );
    case 'stopped':
      return (
        <Typography
          variant="body2"
          color="error"
          style={{ whiteSpace: 'pre-wrap' }}
        >
          The dry run stopped: {state.message}
        </Typography>
      );
    default:
      return state.lines.length > 0 ? (
        <Box component="ol" pl={3} my={1}>
          {state.lines.map((line, index) => (
            <Typography
              component="li"
              variant="body2"
              key={index}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {line}
            </Typography>
          ))}
        </Box>
      ) : (
        <Typography variant="body2">
          The dry run gave no plan: nothing to change.
        </Typography>
      );
  }
}

/**
 * Makes the plan of what an EKS action would do with the form's values —
 * its dry run, which changes nothing — and shows it before the run; the
 * plan's lines are the field's value, so the review page lists them too.
 * A dry run that stops (a blocked preflight, a refused input) says why
 * here, before the user starts the task.
 *
 * @public
 */
export function EksActionPlan(props: EksActionPlanProps) {
  const { onChange, formData, uiSchema, schema, formContext, idSchema } = props;
  const options: Partial<EksActionPlanUiOptions> =
    uiSchema?.['ui:options'] ?? {};
  const state = useActionPlan(options, formContext);

  // the value follows the plan: none while it is being made
  const value = planValue(state, options.action);
  const valueKey = JSON.stringify(value);
  useEffect(() => {
    if (JSON.stringify(formData) !== valueKey) onChange(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [valueKey]);

  const title = schema.title ?? 'Plan';
  return (
    <Box id={idSchema?.$id} mt={2} mb={1} role="region" aria-label={title}>
      <Typography variant="subtitle1">{title}</Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      <PlanView state={state} action={options.action} />
    </Box>
  );
}
