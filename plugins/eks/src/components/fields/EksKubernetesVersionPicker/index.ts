export { EksKubernetesVersionPicker } from './EksKubernetesVersionPicker';
export { EksKubernetesVersionPickerFieldSchema } from './schema';
export type {
  EksKubernetesVersionPickerProps,
  EksKubernetesVersionPickerUiOptions,
} from './schema';
export { eksKubernetesVersionPickerValidation } from './validation';
