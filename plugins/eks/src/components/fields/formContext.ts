import { parseEksClusterArn } from '@backstage-eks/plugin-eks-common';
import { EksApi, EksTarget } from '../../api';

/** The `ui:options` every EKS field accepts to say which account and region it is about. */
export interface TargetUiOptions {
  /** A fixed region. */
  region?: string;
  /** A fixed account id. */
  accountId?: string;
  /** The form field holding the region (default `region`). */
  regionField?: string;
  /** The form field holding the account id (default `accountId`). */
  accountIdField?: string;
}

/** The form data of all steps, as the scaffolder passes it in `formContext`. */
export function allFormData(formContext: unknown): Record<string, unknown> {
  const data = (formContext as { formData?: unknown } | undefined)?.formData;
  return data && typeof data === 'object'
    ? (data as Record<string, unknown>)
    : {};
}

/** A value of the form, by field name or dotted path (`cluster.region`). */
export function siblingValue(
  formData: Record<string, unknown>,
  path: string | undefined,
): unknown {
  if (!path) {
    return undefined;
  }
  let current: unknown = formData;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** The account and region: fixed in ui:options, else read from sibling fields. */
export function resolveTarget(
  options: TargetUiOptions,
  formData: Record<string, unknown>,
): EksTarget {
  return {
    region:
      options.region ??
      stringValue(siblingValue(formData, options.regionField ?? 'region')),
    accountId:
      options.accountId ??
      stringValue(
        siblingValue(formData, options.accountIdField ?? 'accountId'),
      ),
  };
}

/** Where a field finds the Kubernetes version it is about. */
export interface KubernetesVersionUiOptions extends TargetUiOptions {
  /** A fixed Kubernetes version, e.g. `1.33`. */
  kubernetesVersion?: string;
  /** The form field holding the Kubernetes version (default `kubernetesVersion`). */
  kubernetesVersionField?: string;
  /** The form field holding a cluster name or ARN whose version applies (default `cluster`). */
  clusterField?: string;
}

/**
 * The Kubernetes version a field is about: fixed in ui:options, else a sibling
 * version field, else the version of the cluster a sibling field names.
 * `undefined` when none of these is set.
 */
export async function resolveKubernetesVersion(
  eksApi: EksApi,
  options: KubernetesVersionUiOptions,
  formData: Record<string, unknown>,
): Promise<string | undefined> {
  const explicit =
    options.kubernetesVersion ??
    stringValue(
      siblingValue(
        formData,
        options.kubernetesVersionField ?? 'kubernetesVersion',
      ),
    );
  if (explicit) {
    return explicit;
  }
  return clusterKubernetesVersion(
    eksApi,
    options,
    formData,
    options.clusterField ?? 'cluster',
  );
}

/**
 * The Kubernetes version of the cluster (a name or ARN) that the form field
 * `clusterField` holds, in the account and region of the ARN, else of
 * `options` and the form. `undefined` while the field is empty.
 */
export async function clusterKubernetesVersion(
  eksApi: EksApi,
  options: TargetUiOptions,
  formData: Record<string, unknown>,
  clusterField: string,
): Promise<string | undefined> {
  const cluster = stringValue(siblingValue(formData, clusterField));
  if (!cluster) {
    return undefined;
  }
  const arn = parseEksClusterArn(cluster);
  const target = arn
    ? { region: arn.region, accountId: arn.accountId }
    : resolveTarget(options, formData);
  const name = arn ? arn.clusterName : cluster;
  const { clusters } = await eksApi.listClusters(target);
  const found = clusters.find(c => c.name === name || c.arn === cluster);
  if (!found) {
    throw new Error(
      `Cluster "${cluster}" was not found in ${
        target.accountId ?? 'the default account'
      } / ${target.region ?? 'the default region'}`,
    );
  }
  return found.version;
}

/** The name a field's errors use for it: its title, else a fallback. */
export function fieldLabel(schema: unknown, fallback: string): string {
  const title = (schema as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' && title ? title : fallback;
}
