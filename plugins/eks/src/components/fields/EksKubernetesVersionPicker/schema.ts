import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { targetUiOptions } from '../uiOptionsSchema';

/** ui:options and output of the EksKubernetesVersionPicker field. @public */
export const EksKubernetesVersionPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.string({ description: 'A Kubernetes minor version, e.g. "1.33"' }),
  uiOptions: z =>
    z.object({
      upgradeClusterField: z
        .string()
        .optional()
        .describe(
          'Offer only the version the cluster this form field names (a cluster name or ARN, e.g. "clusterName") can be upgraded to: the next Kubernetes minor version after its own, when EKS offers it; none when it runs the newest',
        ),
      ...targetUiOptions(z, {
        region: 'Region to ask EKS in',
        accountId: 'AWS account to ask EKS in',
      }),
    }),
});

/** @public */
export type EksKubernetesVersionPickerUiOptions =
  typeof EksKubernetesVersionPickerFieldSchema.uiOptionsType;
/** @public */
export type EksKubernetesVersionPickerProps =
  typeof EksKubernetesVersionPickerFieldSchema.TProps;
