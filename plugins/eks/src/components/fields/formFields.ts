import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  EksAccountId,
  EksAccountIdFieldSchema,
  eksAccountIdValidation,
} from './EksAccountId';
import {
  EksAddonConfiguration,
  EksAddonConfigurationFieldSchema,
  eksAddonConfigurationValidation,
} from './EksAddonConfiguration';
import {
  EksAddonPicker,
  EksAddonPickerFieldSchema,
  eksAddonPickerValidation,
} from './EksAddonPicker';
import {
  EksClusterNameConfirmation,
  EksClusterNameConfirmationFieldSchema,
  eksClusterNameConfirmationValidation,
} from './EksClusterNameConfirmation';
import {
  EksClusterPicker,
  EksClusterPickerFieldSchema,
  eksClusterPickerValidation,
} from './EksClusterPicker';
import {
  EksDesiredNodeCount,
  EksDesiredNodeCountFieldSchema,
  eksDesiredNodeCountValidation,
} from './EksDesiredNodeCount';
import {
  EksSelectedAddonPicker,
  EksSelectedAddonPickerFieldSchema,
  eksSelectedAddonPickerValidation,
} from './EksSelectedAddonPicker';
import {
  EksSubnetPicker,
  EksSubnetPickerFieldSchema,
  eksSubnetPickerValidation,
} from './EksSubnetPicker';
import {
  EksVpcPicker,
  EksVpcPickerFieldSchema,
  eksVpcPickerValidation,
} from './EksVpcPicker';
import {
  EksInstanceTypePicker,
  EksInstanceTypePickerFieldSchema,
  eksInstanceTypePickerValidation,
} from './EksInstanceTypePicker';
import {
  EksIamPrincipalPicker,
  EksIamPrincipalPickerFieldSchema,
  eksIamPrincipalPickerValidation,
} from './EksIamPrincipalPicker';
import {
  EksKubernetesVersionPicker,
  EksKubernetesVersionPickerFieldSchema,
  eksKubernetesVersionPickerValidation,
} from './EksKubernetesVersionPicker';
import { EksActionPlan, EksActionPlanFieldSchema } from './EksActionPlan';

/** The field extensions as the new frontend system's scaffolder loads them. */
export const eksClusterPickerFormField = createFormField({
  name: 'EksClusterPicker',
  component: EksClusterPicker,
  validation: eksClusterPickerValidation,
  schema: EksClusterPickerFieldSchema,
});

export const eksAddonPickerFormField = createFormField({
  name: 'EksAddonPicker',
  component: EksAddonPicker,
  validation: eksAddonPickerValidation,
  schema: EksAddonPickerFieldSchema,
});

export const eksAddonConfigurationFormField = createFormField({
  name: 'EksAddonConfiguration',
  component: EksAddonConfiguration,
  validation: eksAddonConfigurationValidation,
  schema: EksAddonConfigurationFieldSchema,
});

export const eksKubernetesVersionPickerFormField = createFormField({
  name: 'EksKubernetesVersionPicker',
  component: EksKubernetesVersionPicker,
  validation: eksKubernetesVersionPickerValidation,
  schema: EksKubernetesVersionPickerFieldSchema,
});

export const eksClusterNameConfirmationFormField = createFormField({
  name: 'EksClusterNameConfirmation',
  component: EksClusterNameConfirmation,
  validation: eksClusterNameConfirmationValidation,
  schema: EksClusterNameConfirmationFieldSchema,
});

export const eksDesiredNodeCountFormField = createFormField({
  name: 'EksDesiredNodeCount',
  component: EksDesiredNodeCount,
  validation: eksDesiredNodeCountValidation,
  schema: EksDesiredNodeCountFieldSchema,
});

export const eksSelectedAddonPickerFormField = createFormField({
  name: 'EksSelectedAddonPicker',
  component: EksSelectedAddonPicker,
  validation: eksSelectedAddonPickerValidation,
  schema: EksSelectedAddonPickerFieldSchema,
});

export const eksAccountIdFormField = createFormField({
  name: 'EksAccountId',
  component: EksAccountId,
  validation: eksAccountIdValidation,
  schema: EksAccountIdFieldSchema,
});

export const eksIamPrincipalPickerFormField = createFormField({
  name: 'EksIamPrincipalPicker',
  component: EksIamPrincipalPicker,
  validation: eksIamPrincipalPickerValidation,
  schema: EksIamPrincipalPickerFieldSchema,
});

export const eksVpcPickerFormField = createFormField({
  name: 'EksVpcPicker',
  component: EksVpcPicker,
  validation: eksVpcPickerValidation,
  schema: EksVpcPickerFieldSchema,
});

export const eksSubnetPickerFormField = createFormField({
  name: 'EksSubnetPicker',
  component: EksSubnetPicker,
  validation: eksSubnetPickerValidation,
  schema: EksSubnetPickerFieldSchema,
});

export const eksInstanceTypePickerFormField = createFormField({
  name: 'EksInstanceTypePicker',
  component: EksInstanceTypePicker,
  validation: eksInstanceTypePickerValidation,
  schema: EksInstanceTypePickerFieldSchema,
});

export const eksActionPlanFormField = createFormField({
  name: 'EksActionPlan',
  component: EksActionPlan,
  schema: EksActionPlanFieldSchema,
});
