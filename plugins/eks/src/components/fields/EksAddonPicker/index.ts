export { EksAddonPicker } from './EksAddonPicker';
export { EksAddonPickerFieldSchema } from './schema';
export type {
  EksAddonPickerProps,
  EksAddonPickerUiOptions,
  EksAddonSelection,
} from './schema';
export { eksAddonPickerValidation } from './validation';
