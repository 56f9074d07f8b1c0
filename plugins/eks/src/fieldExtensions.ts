import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { eksPlugin } from './plugin';
import {
  EksAccountId,
  EksAccountIdFieldSchema,
  eksAccountIdValidation,
} from './components/fields/EksAccountId';
import {
  EksAddonConfiguration,
  EksAddonConfigurationFieldSchema,
  eksAddonConfigurationValidation,
} from './components/fields/EksAddonConfiguration';
import {
  EksAddonPicker,
  EksAddonPickerFieldSchema,
  eksAddonPickerValidation,
} from './components/fields/EksAddonPicker';
import {
  EksClusterNameConfirmation,
  EksClusterNameConfirmationFieldSchema,
  eksClusterNameConfirmationValidation,
} from './components/fields/EksClusterNameConfirmation';
import {
  EksClusterPicker,
  EksClusterPickerFieldSchema,
  eksClusterPickerValidation,
} from './components/fields/EksClusterPicker';
import {
  EksDesiredNodeCount,
  EksDesiredNodeCountFieldSchema,
  eksDesiredNodeCountValidation,
} from './components/fields/EksDesiredNodeCount';
import {
  EksSelectedAddonPicker,
  EksSelectedAddonPickerFieldSchema,
  eksSelectedAddonPickerValidation,
} from './components/fields/EksSelectedAddonPicker';
import {
  EksSubnetPicker,
  EksSubnetPickerFieldSchema,
  eksSubnetPickerValidation,
} from './components/fields/EksSubnetPicker';
import {
  EksVpcPicker,
  EksVpcPickerFieldSchema,
  eksVpcPickerValidation,
} from './components/fields/EksVpcPicker';
import {
  EksInstanceTypePicker,
  EksInstanceTypePickerFieldSchema,
  eksInstanceTypePickerValidation,
} from './components/fields/EksInstanceTypePicker';
import {
  EksIamPrincipalPicker,
  EksIamPrincipalPickerFieldSchema,
  eksIamPrincipalPickerValidation,
} from './components/fields/EksIamPrincipalPicker';
import {
  EksKubernetesVersionPicker,
  EksKubernetesVersionPickerFieldSchema,
  eksKubernetesVersionPickerValidation,
} from './components/fields/EksKubernetesVersionPicker';
import {
  EksActionPlan,
  EksActionPlanFieldSchema,
} from './components/fields/EksActionPlan';

/**
 * `ui:field: EksClusterPicker` for the legacy frontend system.
 *
 * @public
 */
export const EksClusterPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksClusterPicker',
    component: EksClusterPicker,
    validation: eksClusterPickerValidation,
    schema: EksClusterPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksAddonPicker` for the legacy frontend system.
 *
 * @public
 */
export const EksAddonPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksAddonPicker',
    component: EksAddonPicker,
    validation: eksAddonPickerValidation,
    schema: EksAddonPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksAddonConfiguration` for the legacy frontend system.
 *
 * @public
 */
export const EksAddonConfigurationFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksAddonConfiguration',
    component: EksAddonConfiguration,
    validation: eksAddonConfigurationValidation,
    schema: EksAddonConfigurationFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksKubernetesVersionPicker` for the legacy frontend system.
 *
 * @public
 */
export const EksKubernetesVersionPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksKubernetesVersionPicker',
    component: EksKubernetesVersionPicker,
    validation: eksKubernetesVersionPickerValidation,
    schema: EksKubernetesVersionPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksClusterNameConfirmation` for the legacy frontend system: the
 * typed name must equal the chosen cluster's name.
 *
 * @public
 */
export const EksClusterNameConfirmationFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksClusterNameConfirmation',
    component: EksClusterNameConfirmation,
    validation: eksClusterNameConfirmationValidation,
    schema: EksClusterNameConfirmationFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksDesiredNodeCount` for the legacy frontend system: a node
 * group's desired size, checked against its minimum and maximum.
 *
 * @public
 */
export const EksDesiredNodeCountFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksDesiredNodeCount',
    component: EksDesiredNodeCount,
    validation: eksDesiredNodeCountValidation,
    schema: EksDesiredNodeCountFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksSelectedAddonPicker` for the legacy frontend system: one of
 * the add-ons selected in another field.
 *
 * @public
 */
export const EksSelectedAddonPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksSelectedAddonPicker',
    component: EksSelectedAddonPicker,
    validation: eksSelectedAddonPickerValidation,
    schema: EksSelectedAddonPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksAccountId` for the legacy frontend system: an account id
 * the portal has credentials for.
 *
 * @public
 */
export const EksAccountIdFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksAccountId',
    component: EksAccountId,
    validation: eksAccountIdValidation,
    schema: EksAccountIdFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksIamPrincipalPicker` for the legacy frontend system: an IAM
 * role or user of the form's account, listed as typed.
 *
 * @public
 */
export const EksIamPrincipalPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksIamPrincipalPicker',
    component: EksIamPrincipalPicker,
    validation: eksIamPrincipalPickerValidation,
    schema: EksIamPrincipalPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksVpcPicker` for the legacy frontend system: a VPC of the
 * form's account and region.
 *
 * @public
 */
export const EksVpcPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksVpcPicker',
    component: EksVpcPicker,
    validation: eksVpcPickerValidation,
    schema: EksVpcPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksSubnetPicker` for the legacy frontend system: subnets of the
 * form's VPC, in at least two Availability Zones.
 *
 * @public
 */
export const EksSubnetPickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksSubnetPicker',
    component: EksSubnetPicker,
    validation: eksSubnetPickerValidation,
    schema: EksSubnetPickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksInstanceTypePicker` for the legacy frontend system: an EC2
 * instance type offered in the form's region.
 *
 * @public
 */
export const EksInstanceTypePickerFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksInstanceTypePicker',
    component: EksInstanceTypePicker,
    validation: eksInstanceTypePickerValidation,
    schema: EksInstanceTypePickerFieldSchema.schema,
  }),
);

/**
 * `ui:field: EksActionPlan` for the legacy frontend system: the plan of an
 * EKS action (its dry run) for the form's values, shown before the run.
 *
 * @public
 */
export const EksActionPlanFieldExtension = eksPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksActionPlan',
    component: EksActionPlan,
    schema: EksActionPlanFieldSchema.schema,
  }),
);
