export { EksAddonConfiguration } from './EksAddonConfiguration';
export { EksAddonConfigurationFieldSchema } from './schema';
export type {
  EksAddonConfigurationProps,
  EksAddonConfigurationUiOptions,
} from './schema';
export { eksAddonConfigurationValidation } from './validation';
