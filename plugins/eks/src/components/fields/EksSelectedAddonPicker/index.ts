export { EksSelectedAddonPicker } from './EksSelectedAddonPicker';
export { EksSelectedAddonPickerFieldSchema } from './schema';
export type {
  EksSelectedAddonPickerProps,
  EksSelectedAddonPickerUiOptions,
} from './schema';
export { eksSelectedAddonPickerValidation } from './validation';
