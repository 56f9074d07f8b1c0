import { ComponentType, useState } from 'react';

/** Props a scaffolder field receives from the form, as far as the EKS fields read them. */
export interface HarnessFieldProps<T> {
  formData?: T;
  onChange: (value: T | undefined) => void;
  uiSchema: { 'ui:options'?: Record<string, unknown> };
  schema: { title?: string; description?: string };
  formContext: { formData: Record<string, unknown> };
  idSchema: { $id: string };
  rawErrors?: string[];
  required?: boolean;
}

/**
 * Renders a field the way the scaffolder form does: controlled, with the
 * value it emits fed back to it, and with the other fields' values in
 * `formContext.formData`.
 */
export function FieldHarness<T>(props: {
  field: ComponentType<any>;
  onChange: (value: T | undefined) => void;
  initial?: T;
  uiOptions?: Record<string, unknown>;
  siblings?: Record<string, unknown>;
  title?: string;
  required?: boolean;
}) {
  const [value, setValue] = useState<T | undefined>(props.initial);
  const Field = props.field;
  const fieldProps: HarnessFieldProps<T> = {
    formData: value,
    onChange: next => {
      setValue(next);
      props.onChange(next);
    },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    schema: { title: props.title },
    formContext: { formData: { ...props.siblings } },
    idSchema: { $id: 'root_field' },
    rawErrors: [],
    required: props.required,
  };
  return <Field {...fieldProps} />;
}
