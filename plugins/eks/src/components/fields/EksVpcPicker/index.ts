export { EksVpcPicker, vpcLabel } from './EksVpcPicker';
export { EksVpcPickerFieldSchema } from './schema';
export type { EksVpcPickerProps, EksVpcPickerUiOptions } from './schema';
export { eksVpcPickerValidation } from './validation';
