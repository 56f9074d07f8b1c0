export { EksIamPrincipalPicker } from './EksIamPrincipalPicker';
export { EksIamPrincipalPickerFieldSchema } from './schema';
export type {
  EksIamPrincipalPickerProps,
  EksIamPrincipalPickerUiOptions,
} from './schema';
export { eksIamPrincipalPickerValidation } from './validation';
