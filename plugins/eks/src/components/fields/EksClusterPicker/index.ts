export { EksClusterPicker } from './EksClusterPicker';
export { EksClusterPickerFieldSchema } from './schema';
export type {
  EksClusterPickerProps,
  EksClusterPickerUiOptions,
} from './schema';
export { eksClusterPickerValidation } from './validation';
