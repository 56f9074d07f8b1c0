import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, pollUntil } from '../waiters';
import { findClusterLoadBalancers } from './leftovers';

/** A Kubernetes object to delete: its kind, namespace and name. */
interface NamespacedObject {
  kind: 'Service' | 'Ingress';
  namespace: string;
  name: string;
}

async function loadBalancerObjects(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<NamespacedObject[]> {
  const named = (
    kind: NamespacedObject['kind'],
    metadata?: { name?: string; namespace?: string },
  ): NamespacedObject => ({
    kind,
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? 'default',
  });
  const services = await withKubernetesRetry(run, 'list Services', () =>
    k8s.core.listServiceForAllNamespaces(),
  );
  const ingresses = await withKubernetesRetry(run, 'list Ingresses', () =>
    k8s.networking.listIngressForAllNamespaces(),
  );
  return [
    ...services.items
      .filter(s => s.spec?.type === 'LoadBalancer')
      .map(s => named('Service', s.metadata)),
    ...ingresses.items.map(i => named('Ingress', i.metadata)),
  ];
}

/**
 * Deletes the cluster's LoadBalancer Services and its Ingresses, whose
 * AWS load balancers the load balancer controller then removes; returns
 * them as `Service <namespace>/<name>`, `Ingress <namespace>/<name>`.
 */
export async function deleteLoadBalancerObjects(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<string[]> {
  const deleted: string[] = [];
  for (const { kind, namespace, name } of await loadBalancerObjects(run, k8s)) {
    const resource = `${kind} ${namespace}/${name}`;
    deleted.push(resource);
    await run.change(
      {
        action: 'delete',
        resource,
        ...(kind === 'Service' ? { detail: 'type LoadBalancer' } : {}),
      },
      [
        kind === 'Service' ? 'k8s-service' : 'k8s-ingress',
        clusterName,
        namespace,
        name,
      ],
      async () => {
        await ifExists(() =>
          withKubernetesRetry<unknown>(run, `delete ${kind} ${name}`, () =>
            kind === 'Service'
              ? k8s.core.deleteNamespacedService({ name, namespace })
              : k8s.networking.deleteNamespacedIngress({ name, namespace }),
          ),
        );
      },
    );
  }
  return deleted;
}

/**
 * The first step of a deletion: the LoadBalancer Services and Ingresses,
 * then (outside a dry run) the wait until the load balancer controller has
 * removed the AWS load balancers tagged for the cluster, which deleting the
 * cluster first would strand.
 */
export async function deleteLoadBalancers(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<string[]> {
  const deleted = await deleteLoadBalancerObjects(run, k8s, clusterName);
  if (!run.dryRun) {
    await pollUntil(
      run,
      'the load balancer controller to remove its load balancers',
      async () =>
        (await findClusterLoadBalancers(run, clusterName)).length === 0,
    );
  }
  return deleted;
}
