/**
 * The EKS frontend plugin: the entity tab and cards of EKS clusters and the
 * scaffolder field extensions of the EKS templates (legacy frontend system;
 * the new frontend system's plugin is exported from `/alpha`).
 *
 * @packageDocumentation
 */

export {
  eksPlugin,
  EntityEksAddonsCard,
  EntityEksClusterHealthCard,
  EntityEksContent,
} from './plugin';
export { isEksAvailable } from './isEksAvailable';
export {
  EKS_TEMPLATE_REFS,
  EksTemplateOutputs,
} from './components/taskProgress';
export { eksApiRef, EksClient } from './api';
export type { EksApi, EksTarget } from './api';
export {
  EksAccountIdFieldExtension,
  EksAddonConfigurationFieldExtension,
  EksAddonPickerFieldExtension,
  EksClusterNameConfirmationFieldExtension,
  EksClusterPickerFieldExtension,
  EksDesiredNodeCountFieldExtension,
  EksIamPrincipalPickerFieldExtension,
  EksInstanceTypePickerFieldExtension,
  EksKubernetesVersionPickerFieldExtension,
  EksSelectedAddonPickerFieldExtension,
  EksSubnetPickerFieldExtension,
  EksVpcPickerFieldExtension,
} from './fieldExtensions';
export {
  EksReviewState,
  EksReviewStep,
} from './components/review/EksReviewState';
export type { EksAccountIdUiOptions } from './components/fields/EksAccountId';
export type { EksAddonConfigurationUiOptions } from './components/fields/EksAddonConfiguration';
export type {
  EksAddonPickerUiOptions,
  EksAddonSelection,
} from './components/fields/EksAddonPicker';
export type { EksClusterNameConfirmationUiOptions } from './components/fields/EksClusterNameConfirmation';
export type { EksClusterPickerUiOptions } from './components/fields/EksClusterPicker';
export type { EksDesiredNodeCountUiOptions } from './components/fields/EksDesiredNodeCount';
export type { EksIamPrincipalPickerUiOptions } from './components/fields/EksIamPrincipalPicker';
export type { EksInstanceTypePickerUiOptions } from './components/fields/EksInstanceTypePicker';
export type { EksKubernetesVersionPickerUiOptions } from './components/fields/EksKubernetesVersionPicker';
export type { EksSelectedAddonPickerUiOptions } from './components/fields/EksSelectedAddonPicker';
export type { EksSubnetPickerUiOptions } from './components/fields/EksSubnetPicker';
export type { EksVpcPickerUiOptions } from './components/fields/EksVpcPicker';
