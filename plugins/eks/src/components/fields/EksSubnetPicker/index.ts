export { EksSubnetPicker, subnetLabel } from './EksSubnetPicker';
export { EksSubnetPickerFieldSchema } from './schema';
export type { EksSubnetPickerProps, EksSubnetPickerUiOptions } from './schema';
export { eksSubnetPickerValidation } from './validation';
