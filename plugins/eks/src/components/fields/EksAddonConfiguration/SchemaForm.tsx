import { Form } from '@rjsf/material-ui';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { RJSFSchema } from '@rjsf/utils';
import { ADDON_CONFIGURATION_FORMATS } from '@backstage-eks/plugin-eks-common';
import { ConfigurationSchema } from '../../../lib/addonConfiguration';

/**
 * The form's live validation knows EKS's string formats (`boolean`,
 * `integer`) too, so that it checks them rather than warning about them.
 */
const validator = customizeValidator({
  customFormats: Object.fromEntries(
    Object.entries(ADDON_CONFIGURATION_FORMATS).map(([name, format]) => [
      name,
      format.pattern,
    ]),
  ),
});

/**
 * The add-on's configuration schema rendered as a form: one input per key
 * with its description, enums as selects, nested objects and arrays, and
 * errors shown as the user types.
 */
export function SchemaForm(props: {
  schema: ConfigurationSchema;
  value: Record<string, unknown> | undefined;
  onChange: (value: Record<string, unknown> | undefined) => void;
}) {
  const { $schema: _dialect, $id: _id, ...schema } = props.schema;
  return (
    <Form
      tagName="div"
      schema={schema as RJSFSchema}
      formData={props.value ?? {}}
      validator={validator}
      liveValidate
      noHtml5Validate
      showErrorList={false}
      uiSchema={{ 'ui:submitButtonOptions': { norender: true } }}
      experimental_defaultFormStateBehavior={{
        emptyObjectFields: 'skipDefaults',
      }}
      onChange={event =>
        props.onChange(event.formData as Record<string, unknown> | undefined)
      }
    />
  );
}
