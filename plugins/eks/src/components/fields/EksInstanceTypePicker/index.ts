export { EksInstanceTypePicker } from './EksInstanceTypePicker';
export { EksInstanceTypePickerFieldSchema } from './schema';
export type {
  EksInstanceTypePickerProps,
  EksInstanceTypePickerUiOptions,
} from './schema';
export { eksInstanceTypePickerValidation } from './validation';
