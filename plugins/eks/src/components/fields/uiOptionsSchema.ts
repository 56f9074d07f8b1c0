import type { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import type {
  KubernetesVersionUiOptions,
  TargetUiOptions,
} from './formContext';

/** The zod that `makeFieldSchema` hands its callbacks. */
type Zod = Parameters<Parameters<typeof makeFieldSchema>[0]['output']>[0];

/**
 * What a field's fixed account and region are for, e.g. "Region to list VPCs
 * in"; the `*Field` options read the same in every field unless given.
 */
export type TargetDescriptions = Pick<
  Required<TargetUiOptions>,
  'region' | 'accountId'
> &
  Partial<Pick<TargetUiOptions, 'regionField' | 'accountIdField'>>;

/**
 * The zod shape of {@link TargetUiOptions}: the `ui:options` every field that
 * asks AWS accepts, spread into its `z.object({...})`.
 */
export function targetUiOptions(z: Zod, described: TargetDescriptions) {
  const option = (description: string) =>
    z.string().optional().describe(description);
  return {
    region: option(described.region),
    accountId: option(described.accountId),
    regionField: option(
      described.regionField ??
        'The form field holding the region (default "region")',
    ),
    accountIdField: option(
      described.accountIdField ??
        'The form field holding the account id (default "accountId")',
    ),
  } satisfies Record<keyof TargetUiOptions, unknown>;
}

/**
 * The zod shape of {@link KubernetesVersionUiOptions}: where an add-on field
 * finds the Kubernetes version, then the account and region.
 */
export function kubernetesVersionUiOptions(
  z: Zod,
  described: TargetDescriptions,
) {
  return {
    kubernetesVersion: z
      .string()
      .optional()
      .describe('The Kubernetes version add-ons must support'),
    kubernetesVersionField: z
      .string()
      .optional()
      .describe(
        'The form field holding the Kubernetes version (default "kubernetesVersion")',
      ),
    clusterField: z
      .string()
      .optional()
      .describe(
        'The form field holding the cluster name or ARN whose version applies (default "cluster")',
      ),
    ...targetUiOptions(z, described),
  } satisfies Record<keyof KubernetesVersionUiOptions, unknown>;
}
