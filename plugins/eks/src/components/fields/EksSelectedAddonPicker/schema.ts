import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** ui:options and output of the EksSelectedAddonPicker field. @public */
export const EksSelectedAddonPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({
      description: 'The name of one of the add-ons selected in another field',
    }),
  uiOptions: z =>
    z.object({
      addonsField: z
        .string()
        .optional()
        .describe(
          'The form field holding the selected add-ons: names or {name, version} (default "addons")',
        ),
      addonsTitle: z
        .string()
        .optional()
        .describe('That field’s label in the form (default "Add-ons")'),
    }),
});

/** @public */
export type EksSelectedAddonPickerUiOptions =
  typeof EksSelectedAddonPickerFieldSchema.uiOptionsType;
/** @public */
export type EksSelectedAddonPickerProps =
  typeof EksSelectedAddonPickerFieldSchema.TProps;
