import { useMemo } from 'react';
import { Form } from '@rjsf/material-ui';
import { customizeValidator } from '@rjsf/validator-ajv8';
import {
  canExpand,
  getTemplate,
  getUiOptions,
  ObjectFieldTemplateProps,
  titleId,
  descriptionId,
} from '@rjsf/utils';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Grid,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ADDON_CONFIGURATION_FORMATS } from '@backstage-eks/plugin-eks-common';
import { ConfigurationSchema } from '../../../lib/addonConfiguration';
import { configurationForm } from './configurationForm';

/**
 * The form knows EKS's string formats (`boolean`, `integer`) too, so that
 * choosing among oneOf/anyOf choices and reading values does not warn about
 * them.
 */
const validator = customizeValidator({
  customFormats: Object.fromEntries(
    Object.entries(ADDON_CONFIGURATION_FORMATS).map(([name, format]) => [
      name,
      format.pattern,
    ]),
  ),
});

type Properties = ObjectFieldTemplateProps['properties'];

function PropertyItems(props: { items: Properties }) {
  return (
    <>
      {props.items.map(element =>
        element.hidden ? (
          element.content
        ) : (
          <Grid item xs={12} key={element.name} style={{ marginBottom: 10 }}>
            {element.content}
          </Grid>
        ),
      )}
    </>
  );
}

/** The object's title and description, in the form's own templates. */
function ObjectHeading(props: ObjectFieldTemplateProps) {
  const { description, title, required, uiSchema, idSchema, schema, registry } =
    props;
  const uiOptions = getUiOptions(uiSchema);
  const TitleFieldTemplate = getTemplate(
    'TitleFieldTemplate',
    registry,
    uiOptions,
  );
  const DescriptionFieldTemplate = getTemplate(
    'DescriptionFieldTemplate',
    registry,
    uiOptions,
  );
  return (
    <>
      {title && (
        <TitleFieldTemplate
          id={titleId(idSchema)}
          title={title}
          required={required}
          schema={schema}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {description && (
        <DescriptionFieldTemplate
          id={descriptionId(idSchema)}
          description={description}
          schema={schema}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
    </>
  );
}

/** The keys few people set, collapsed unless one of them has a value. */
function AdvancedSection(props: {
  advanced: Properties;
  title: string;
  id: string;
  values: Record<string, unknown>;
}) {
  const { advanced, title, id, values } = props;
  return (
    <Grid item xs={12}>
      <Accordion
        defaultExpanded={advanced.some(p => values[p.name] !== undefined)}
        TransitionProps={{ unmountOnExit: true }}
        variant="outlined"
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls={`${id}-advanced`}
        >
          <Typography variant="body2">
            Advanced{title ? ` (${title})` : ''}:{' '}
            {advanced.map(p => p.name).join(', ')}
          </Typography>
        </AccordionSummary>
        <AccordionDetails id={`${id}-advanced`}>
          <Grid container spacing={2}>
            <PropertyItems items={advanced} />
          </Grid>
        </AccordionDetails>
      </Accordion>
    </Grid>
  );
}

/** The button that adds a key to a map (additionalProperties). */
function ExpandButton(props: ObjectFieldTemplateProps) {
  const { disabled, readonly, uiSchema, schema, onAddClick, registry } = props;
  const { AddButton } = registry.templates.ButtonTemplates;
  return (
    <Grid container justifyContent="flex-end">
      <Grid item>
        <AddButton
          className="object-property-expand"
          onClick={onAddClick(schema)}
          disabled={disabled || readonly}
          uiSchema={uiSchema}
          registry={registry}
        />
      </Grid>
    </Grid>
  );
}

/**
 * An object's keys: the ones most people set first, the keys marked
 * `advanced` (see configurationForm's isAdvancedKey) in a collapsed
 * "Advanced" section, open when one of them has a value.
 */
function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { title, properties, uiSchema, idSchema, schema, formData } = props;
  const isAdvanced = (name: string) =>
    Boolean(getUiOptions(uiSchema?.[name] ?? {}).advanced);
  const common = properties.filter(p => !isAdvanced(p.name));
  const advanced = properties.filter(p => isAdvanced(p.name));
  return (
    <>
      <ObjectHeading {...props} />
      <Grid container spacing={2} style={{ marginTop: 10 }}>
        <PropertyItems items={common} />
        {advanced.length > 0 && (
          <AdvancedSection
            advanced={advanced}
            title={title}
            id={idSchema.$id}
            values={(formData ?? {}) as Record<string, unknown>}
          />
        )}
        {canExpand(schema, uiSchema, formData) && <ExpandButton {...props} />}
      </Grid>
    </>
  );
}

/**
 * The add-on's configuration schema rendered as a form: a label per key
 * (the key's title, else the key), its description and default as help,
 * the default as placeholder, oneOf/anyOf choices and list entries named
 * (configurationForm), enums as selects, and the keys few people set under
 * "Advanced". The form itself shows no errors: the field lists the
 * problems once, in eks-common's words (the addon:install action's).
 */
export function SchemaForm(props: {
  schema: ConfigurationSchema;
  value: Record<string, unknown> | undefined;
  onChange: (value: Record<string, unknown> | undefined) => void;
}) {
  const form = useMemo(() => configurationForm(props.schema), [props.schema]);
  return (
    <Form
      tagName="div"
      schema={form.schema}
      formData={props.value ?? {}}
      validator={validator}
      noValidate
      noHtml5Validate
      showErrorList={false}
      templates={{ ObjectFieldTemplate }}
      uiSchema={{
        ...form.uiSchema,
        'ui:submitButtonOptions': { norender: true },
      }}
      experimental_defaultFormStateBehavior={{
        emptyObjectFields: 'skipDefaults',
      }}
      onChange={event =>
        props.onChange(event.formData as Record<string, unknown> | undefined)
      }
    />
  );
}
