import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, pollUntil } from '../waiters';
import { findClusterLoadBalancers } from './leftovers';

/** A Kubernetes object to delete: its kind, namespace and name. */
interface NamespacedObject {
  kind: 'Service' | 'Ingress' | 'Gateway';
  namespace: string;
  name: string;
}

/** Gateway API Gateways (the standard channel's v1). */
const GATEWAYS = {
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  plural: 'gateways',
};

/** The cluster's Gateways; none when the Gateway API CRDs are not installed. */
async function listGateways(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<{ metadata?: { name?: string; namespace?: string } }[]> {
  const list = (await ifExists(() =>
    withKubernetesRetry(run, 'list Gateways', () =>
      k8s.customObjects.listClusterCustomObject(GATEWAYS),
    ),
  )) as { items?: { metadata?: { name?: string; namespace?: string } }[] };
  return list?.items ?? [];
}

/** What each kind's deletion is keyed and described by. */
const KINDS = {
  Service: { key: 'k8s-service', detail: 'type LoadBalancer' },
  Ingress: { key: 'k8s-ingress', detail: undefined },
  Gateway: { key: 'k8s-gateway', detail: 'Gateway API' },
} as const;

/** Deletes one object; one already gone is skipped. */
function deleteObject(
  k8s: KubernetesClients,
  { kind, namespace, name }: NamespacedObject,
): Promise<unknown> {
  switch (kind) {
    case 'Service':
      return k8s.core.deleteNamespacedService({ name, namespace });
    case 'Ingress':
      return k8s.networking.deleteNamespacedIngress({ name, namespace });
    default:
      return k8s.customObjects.deleteNamespacedCustomObject({
        ...GATEWAYS,
        namespace,
        name,
      });
  }
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
  const gateways = await listGateways(run, k8s);
  return [
    ...services.items
      .filter(s => s.spec?.type === 'LoadBalancer')
      .map(s => named('Service', s.metadata)),
    ...ingresses.items.map(i => named('Ingress', i.metadata)),
    ...gateways.map(g => named('Gateway', g.metadata)),
  ];
}

/**
 * Deletes the cluster's LoadBalancer Services, its Ingresses and its Gateway
 * API Gateways, whose AWS load balancers the load balancer controller then
 * removes; returns them as `Service <namespace>/<name>`,
 * `Ingress <namespace>/<name>`, `Gateway <namespace>/<name>`.
 */
export async function deleteLoadBalancerObjects(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<string[]> {
  const deleted: string[] = [];
  for (const object of await loadBalancerObjects(run, k8s)) {
    const { kind, namespace, name } = object;
    const resource = `${kind} ${namespace}/${name}`;
    const { key, detail } = KINDS[kind];
    deleted.push(resource);
    await run.change(
      { action: 'delete', resource, ...(detail ? { detail } : {}) },
      [key, clusterName, namespace, name],
      async () => {
        await ifExists(() =>
          withKubernetesRetry<unknown>(run, `delete ${kind} ${name}`, () =>
            deleteObject(k8s, object),
          ),
        );
      },
    );
  }
  return deleted;
}

/**
 * The first step of a deletion: the LoadBalancer Services, Ingresses and
 * Gateways,
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
