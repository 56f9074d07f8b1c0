import { useMemo } from 'react';
import YAML from 'yaml';
import { Box, Button, makeStyles } from '@material-ui/core';
import { ReviewStepProps } from '@backstage/plugin-scaffolder-react';
import {
  ParsedTemplateSchema,
  ReviewState,
  ReviewStateProps,
} from '@backstage/plugin-scaffolder-react/alpha';
import { parseAddonConfigurationValues } from '@backstage-eks/plugin-eks-common';

type Schema = Record<string, unknown>;

const useStyles = makeStyles({
  // values keep their line breaks and indentation: add-on configuration
  // is shown as YAML text
  review: { '& td:last-child span': { whiteSpace: 'pre-wrap' } },
});
type JsonObject = ReviewStateProps['formState'];
type JsonValue = JsonObject[string];

function propertiesOf(schema: unknown): Record<string, Schema> {
  const properties = (schema as { properties?: unknown } | undefined)
    ?.properties;
  return properties && typeof properties === 'object'
    ? (properties as Record<string, Schema>)
    : {};
}

/**
 * The fields a step shows for this form state, in its order: its properties
 * and those of the `dependencies` choice the form state selects (`oneOf`
 * choices told apart by the trigger field's `const`, as New EKS cluster's
 * Auto Mode choice), ordered by the step's `ui:order` ('*' for the rest).
 */
function fieldsOf(
  schema: unknown,
  formState: JsonObject,
): Record<string, Schema> {
  const step = (schema ?? {}) as Schema;
  const fields: Record<string, Schema> = { ...propertiesOf(step) };
  const dependencies = (step.dependencies ?? {}) as Record<
    string,
    { oneOf?: unknown[] }
  >;
  for (const [trigger, dependency] of Object.entries(dependencies)) {
    const choice = (dependency.oneOf ?? []).find(option => {
      const condition = propertiesOf(option)[trigger];
      return condition !== undefined && condition.const === formState[trigger];
    });
    for (const [name, field] of Object.entries(propertiesOf(choice))) {
      if (name !== trigger) fields[name] = field;
    }
  }
  const order = step['ui:order'];
  if (!Array.isArray(order)) return fields;
  const names = Object.keys(fields);
  const star = order.indexOf('*');
  const first = (star < 0 ? order : order.slice(0, star)).filter(n =>
    names.includes(n),
  );
  const last = (star < 0 ? [] : order.slice(star + 1)).filter(n =>
    names.includes(n),
  );
  const ordered = [
    ...first,
    ...names.filter(n => !first.includes(n) && !last.includes(n)),
    ...last,
  ];
  return Object.fromEntries(ordered.map(name => [name, fields[name]]));
}

/** "vpc-cni latest" for each add-on an EksAddonPicker chose. */
function addonList(value: unknown): JsonValue | undefined {
  const list = Array.isArray(value) ? value : [value];
  const names = list.map(item => {
    const { name, version } = (item ?? {}) as {
      name?: unknown;
      version?: unknown;
    };
    return typeof name === 'string'
      ? [name, typeof version === 'string' ? version : undefined]
          .filter(Boolean)
          .join(' ')
      : undefined;
  });
  if (names.some(name => name === undefined)) {
    return undefined;
  }
  return Array.isArray(value) ? (names as string[]) : names[0];
}

/**
 * An EksAddonConfiguration value (JSON or YAML text) as formatted YAML text.
 * Text, not an element: the review walks the objects of its form state,
 * and its schema (where a `mask` would go) is copied as JSON.
 */
function configurationYaml(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const parsed = parseAddonConfigurationValues(value);
  if (!parsed.values) {
    return undefined;
  }
  return YAML.stringify(parsed.values).trimEnd();
}

/**
 * The review's form state and schemas, as a person checks them at a glance:
 * - the fields in the form's order (the first step's first field, the
 *   cluster name in every EKS template, first), not in the order in which
 *   the fields first had a value (defaults and pickers that preselect come
 *   before what the person typed);
 * - the add-ons of an EksAddonPicker as a list of "name version";
 * - the value of an EksAddonConfiguration as formatted YAML.
 * Everything else is left to the scaffolder's ReviewState (titles,
 * `ui:backstage.review` name/show/mask/explode, enumNames).
 */
export function eksReviewState(props: ReviewStateProps): {
  formState: JsonObject;
  schemas: ParsedTemplateSchema[];
} {
  const schemas = props.schemas.map(step => {
    // the dependencies resolved into the properties: the review's values
    // (add-on lists among them) are not checked against the choices again
    const { dependencies: _resolved, ...schema } = step.mergedSchema;
    return {
      ...step,
      mergedSchema: {
        ...schema,
        properties: fieldsOf(step.mergedSchema, props.formState),
      } as JsonObject,
    };
  });
  const formOrder = schemas.flatMap(step =>
    Object.keys(propertiesOf(step.mergedSchema)),
  );
  const keys = [
    ...new Set([...formOrder, ...Object.keys(props.formState)]),
  ].filter(key => key in props.formState);

  const formState: JsonObject = {};
  for (const key of keys) {
    const value = props.formState[key];
    const step = schemas.find(s => key in propertiesOf(s.mergedSchema));
    const properties = propertiesOf(step?.mergedSchema);
    const property = properties[key] ?? {};
    formState[key] = value;
    if (property['ui:field'] === 'EksAddonPicker') {
      formState[key] = addonList(value) ?? value;
    } else if (property['ui:field'] === 'EksAddonConfiguration') {
      formState[key] = configurationYaml(value) ?? value;
    }
  }
  return { formState, schemas };
}

/**
 * The review of an EKS template's form: the scaffolder's ReviewState with
 * the cluster name first, add-ons as "vpc-cni latest" and add-on
 * configuration as YAML (see `eksReviewState`). For a `Stepper` or
 * `Workflow`'s `components.ReviewStateComponent`.
 *
 * @public
 */
export function EksReviewState(props: ReviewStateProps) {
  const review = useMemo(
    () => eksReviewState(props),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.formState, props.schemas],
  );
  const classes = useStyles();
  return (
    <Box className={classes.review}>
      <ReviewState
        formState={review.formState}
        schemaFormState={props.schemaFormState ?? props.formState}
        schemas={review.schemas}
      />
    </Box>
  );
}

/**
 * The review step for a legacy app's `ScaffolderPage`
 * (`components={{ ReviewStepComponent: EksReviewStep }}`): the
 * {@link EksReviewState} table with Back and Create buttons. The scaffolder
 * does not pass a template's `presentation.buttonLabels` to a review step
 * component: give `createButtonText` to name the last button.
 *
 * @public
 */
export function EksReviewStep(
  props: ReviewStepProps & { createButtonText?: string },
) {
  return (
    <>
      <EksReviewState
        formState={props.formData}
        schemas={props.steps as unknown as ParsedTemplateSchema[]}
      />
      <Box display="flex" justifyContent="flex-end" mt={2} gridGap={8}>
        <Button onClick={props.handleBack} disabled={props.disableButtons}>
          Back
        </Button>
        <Button
          variant="contained"
          color="primary"
          onClick={props.handleCreate}
          disabled={props.disableButtons}
        >
          {props.createButtonText ?? 'Create'}
        </Button>
      </Box>
    </>
  );
}
