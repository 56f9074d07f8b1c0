/**
 * The EKS frontend plugin: the entity tab and cards of EKS clusters and the
 * scaffolder field extensions of the EKS templates (legacy frontend system;
 * the new frontend system's plugin is exported from `/alpha`).
 *
 * @packageDocumentation
 */

export {
  eksPlugin,
  EksFleetPage,
  EntityEksAddonsCard,
  EntityEksCapabilitiesCard,
  EntityEksClusterHealthCard,
  EntityEksClusterVersionCard,
  EntityEksContent,
  EntityEksFleetCard,
} from './plugin';
export { isFleetEntity } from './isFleetEntity';
export { isEksAvailable } from './isEksAvailable';
export {
  EKS_TEMPLATE_REFS,
  EksTemplateOutputs,
} from './components/taskProgress';
export type { TaskOutput as EksTaskOutput } from './components/taskProgress/taskOutput';
export { eksApiRef, EksClient } from './api';
export type { EksApi, EksTarget } from './api';
export {
  EksAccountIdFieldExtension,
  EksActionPlanFieldExtension,
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
export {
  EksAccountIdFieldSchema,
  type EksAccountIdUiOptions,
} from './components/fields/EksAccountId';
export {
  EksActionPlanFieldSchema,
  type EksActionPlanUiOptions,
} from './components/fields/EksActionPlan';
export {
  EksAddonConfigurationFieldSchema,
  type EksAddonConfigurationUiOptions,
} from './components/fields/EksAddonConfiguration';
export {
  EksAddonPickerFieldSchema,
  type EksAddonPickerUiOptions,
  type EksAddonSelection,
} from './components/fields/EksAddonPicker';
export {
  EksClusterNameConfirmationFieldSchema,
  type EksClusterNameConfirmationUiOptions,
} from './components/fields/EksClusterNameConfirmation';
export {
  EksClusterPickerFieldSchema,
  type EksClusterPickerUiOptions,
} from './components/fields/EksClusterPicker';
export {
  EksDesiredNodeCountFieldSchema,
  type EksDesiredNodeCountUiOptions,
} from './components/fields/EksDesiredNodeCount';
export {
  EksIamPrincipalPickerFieldSchema,
  type EksIamPrincipalPickerUiOptions,
} from './components/fields/EksIamPrincipalPicker';
export {
  EksInstanceTypePickerFieldSchema,
  type EksInstanceTypePickerUiOptions,
} from './components/fields/EksInstanceTypePicker';
export {
  EksKubernetesVersionPickerFieldSchema,
  type EksKubernetesVersionPickerUiOptions,
} from './components/fields/EksKubernetesVersionPicker';
export {
  EksSelectedAddonPickerFieldSchema,
  type EksSelectedAddonPickerUiOptions,
} from './components/fields/EksSelectedAddonPicker';
export {
  EksSubnetPickerFieldSchema,
  type EksSubnetPickerUiOptions,
} from './components/fields/EksSubnetPicker';
export {
  EksVpcPickerFieldSchema,
  type EksVpcPickerUiOptions,
} from './components/fields/EksVpcPicker';
