import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../kubernetesApply';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/** An object a Helm release renders, by its identity. @public */
export interface ReleaseObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * The objects of the karpenter chart (charts/karpenter/templates) for a
 * release `karpenter` with its service account: what Helm must own before
 * it upgrades a Karpenter that was not installed as this release.
 */
export function karpenterChartObjects(
  namespace: string,
  serviceAccount: string,
): ReleaseObject[] {
  const rbac = 'rbac.authorization.k8s.io/v1';
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      name: serviceAccount,
      namespace,
    },
    { apiVersion: 'v1', kind: 'Service', name: 'karpenter', namespace },
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'karpenter', namespace },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      name: 'karpenter',
      namespace,
    },
    { apiVersion: rbac, kind: 'Role', name: 'karpenter', namespace },
    { apiVersion: rbac, kind: 'RoleBinding', name: 'karpenter', namespace },
    {
      apiVersion: rbac,
      kind: 'Role',
      name: 'karpenter-dns',
      namespace: 'kube-system',
    },
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      name: 'karpenter-dns',
      namespace: 'kube-system',
    },
    { apiVersion: rbac, kind: 'ClusterRole', name: 'karpenter' },
    { apiVersion: rbac, kind: 'ClusterRole', name: 'karpenter-core' },
    { apiVersion: rbac, kind: 'ClusterRole', name: 'karpenter-admin' },
    { apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'karpenter' },
    { apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'karpenter-core' },
  ];
}

/** The CRDs of a karpenter-crd chart release (eks-common's table lists them). */
export function karpenterCrdObjects(crds: string[]): ReleaseObject[] {
  return crds.map(name => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    name,
  }));
}

function describe(object: ReleaseObject): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

/** Writes Helm's ownership metadata of the release on one object. */
async function markAsReleases(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  release: { name: string; namespace: string; clusterName: string },
  candidate: ReleaseObject,
): Promise<void> {
  await run.change(
    {
      action: 'tag',
      resource: describe(candidate),
      detail: `Helm ownership of release ${release.namespace}/${release.name}`,
    },
    [
      'helm-ownership',
      release.clusterName,
      release.name,
      candidate.kind,
      candidate.namespace ?? '',
      candidate.name,
    ],
    async () => {
      await withKubernetesRetry(
        run,
        `mark ${describe(candidate)} as Helm's`,
        () =>
          objects.patch(
            {
              apiVersion: candidate.apiVersion,
              kind: candidate.kind,
              metadata: {
                name: candidate.name,
                namespace: candidate.namespace,
                labels: { 'app.kubernetes.io/managed-by': 'Helm' },
                annotations: {
                  'meta.helm.sh/release-name': release.name,
                  'meta.helm.sh/release-namespace': release.namespace,
                },
              },
            },
            undefined,
            undefined,
            FIELD_MANAGER,
            undefined,
            PatchStrategy.MergePatch,
          ),
      );
    },
  );
}

/**
 * Gives the objects that exist the ownership metadata Helm checks before it
 * takes an object into a release (label app.kubernetes.io/managed-by=Helm,
 * annotations meta.helm.sh/release-name and release-namespace), as
 * Karpenter's troubleshooting guide does for the CRDs the karpenter chart's
 * crds/ folder installed ("invalid ownership metadata"). Objects already
 * this release's, and objects that do not exist, are left alone. Returns
 * what it marked.
 *
 * @public
 */
export async function adoptIntoRelease(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  release: { name: string; namespace: string; clusterName: string },
  candidates: ReleaseObject[],
): Promise<string[]> {
  const marked: string[] = [];
  for (const candidate of candidates) {
    const spec: KubernetesObject = {
      apiVersion: candidate.apiVersion,
      kind: candidate.kind,
      metadata: { name: candidate.name, namespace: candidate.namespace },
    };
    const live = await ifExists(() =>
      withKubernetesRetry(run, `read ${describe(candidate)}`, () =>
        objects.read(spec as never),
      ),
    );
    if (!live) continue;
    const labels = live.metadata?.labels ?? {};
    const annotations = live.metadata?.annotations ?? {};
    if (
      labels['app.kubernetes.io/managed-by'] === 'Helm' &&
      annotations['meta.helm.sh/release-name'] === release.name &&
      annotations['meta.helm.sh/release-namespace'] === release.namespace
    ) {
      continue;
    }
    const current = annotations['meta.helm.sh/release-name'];
    if (current && current !== release.name) {
      run.reportDrift(
        `${describe(
          candidate,
        )} belongs to Helm release ${current}; it is moved to release ${
          release.name
        }`,
      );
    }
    await markAsReleases(run, objects, release, candidate);
    marked.push(describe(candidate));
  }
  return marked;
}
