import { Cluster } from '@aws-sdk/client-eks';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { applyIfChanged } from '../kubernetesApply';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * Creates the namespace and service account when they are missing (existing
 * ones are left as they are); a cluster that does not exist yet (a dry run)
 * gets them planned.
 */
export async function ensureServiceAccount(
  run: ProvisioningRun,
  kubernetes: KubernetesClientFactory,
  cluster: Cluster | undefined,
  opts: { clusterName: string; namespace: string; serviceAccount: string },
): Promise<void> {
  const { clusterName, namespace, serviceAccount } = opts;
  if (!cluster) {
    run.plan.push({
      action: 'apply',
      resource: `Namespace ${namespace}, ServiceAccount ${namespace}/${serviceAccount}`,
      detail: 'created when missing',
    });
    return;
  }
  const k8s = await provisioningKubernetesClients(run, kubernetes, cluster);
  await applyIfChanged(
    run,
    k8s.objects,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    [clusterName],
  );
  await applyIfChanged(
    run,
    k8s.objects,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
    },
    [clusterName],
  );
}
